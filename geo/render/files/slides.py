"""PowerPoint decks (python-pptx, 16:9): the briefing and the slides of each view. Every slide's
title is in its layout's title placeholder (editable, in the outline and the slide sorter, read
by screen readers); maps are pictures drawn by `render.figures` at a 1920×1080 projector's
resolution, in a 256-colour palette (a briefing stays a few MB), each with alt text; key figures
and the district × domain table are native text; every slide carries speaker notes with the data
source, the last import and the filters.
"""

from __future__ import annotations

import io
import textwrap

import segno
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from geo import palette, settings
from geo.analysis import aggregate, views
from geo.analysis.filters import Filters, to_query
from geo.render import catalog, i18n, words
from geo.render.files import figures, office

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
PROJECTOR_PX = 1920  # a full-slide map at a 1920 × 1080 projector's resolution
TITLE_TOP, TITLE_HEIGHT = Inches(0.2), Inches(0.95)
BODY_TOP = Inches(1.2)
FOOTER_TOP = Inches(7.05)  # the illustrative-data line: nothing above may reach it
PICTURE_HEIGHT = FOOTER_TOP - BODY_TOP - Inches(0.1)
PICTURE_WIDTH = int(PICTURE_HEIGHT * 16 / 9)
PICTURE_WIDTH_MM = PICTURE_WIDTH / 36_000  # EMU per mm
CARD_MAP_WIDTH = Inches(8.1)  # beside the card's facts
DEMO_RED = RGBColor(*palette.rgb(palette.DEMO_RED))


class Deck:
    """A presentation being built, with what every slide's notes and footer say."""

    def __init__(self, ds: views.Dataset, filters: Filters) -> None:
        self.ds, self.filters, self.lang = ds, filters, filters.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.titled = self.prs.slide_layouts[5]  # "Title Only"
        self.opening = self.prs.slide_layouts[0]  # "Title Slide"
        self.words = words.title(filters, self.lang, views.district_names(ds))
        self.heading: dict = {}  # the report heading's fields set in the app

    def notes(self) -> str:
        lang = self.lang
        source = (i18n.t("present.source_demo", lang) if self.ds.is_demo
                  else i18n.t("present.source_store", lang))
        imported = (self.ds.last_import.strftime("%d-%m-%Y %H:%M") if self.ds.last_import
                    else i18n.t("present.never", lang))
        return i18n.t("present.notes", lang, source=source, imported=imported, filters=self.words)

    def slide(self, title: str, notes_extra: str = "", *, layout=None):
        """A slide whose title placeholder says `title` (kept to two lines at 28 pt)."""
        slide = self.prs.slides.add_slide(layout or self.titled)
        heading = slide.shapes.title
        heading.text = title
        if layout is None:
            heading.left, heading.top = Inches(0.4), TITLE_TOP
            heading.width, heading.height = WIDTH - Inches(0.8), TITLE_HEIGHT
            frame = heading.text_frame
            frame.word_wrap = True
            for paragraph in frame.paragraphs:
                paragraph.font.size = Pt(28 if len(title) <= 70 else 22)
                paragraph.font.bold = True
        slide.notes_slide.notes_text_frame.text = (notes_extra + "\n" if notes_extra else "") \
            + self.notes()
        if self.ds.is_demo:
            self.text(slide, i18n.t("app.demo_banner", self.lang), Inches(0.3), FOOTER_TOP,
                      Inches(12.7), Inches(0.4), size=12, colour=DEMO_RED)
        return slide

    @staticmethod
    def text(slide, text: str, left, top, width, height, *, size: int = 20, bold: bool = False,
             colour: RGBColor | None = None):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        paragraph.text = text
        paragraph.font.size, paragraph.font.bold = Pt(size), bold
        if colour is not None:
            paragraph.font.color.rgb = colour
        return box

    def picture(self, fig, title: str, alt: str, notes_extra: str = "") -> None:
        """A slide of one figure under its title, the picture described by `alt`."""
        slide = self.slide(title, notes_extra)
        image = io.BytesIO(palette_png(fig, PROJECTOR_PX))
        height, width = PICTURE_HEIGHT, PICTURE_WIDTH
        picture = slide.shapes.add_picture(image, (WIDTH - width) // 2, BODY_TOP, width, height)
        picture._element.nvPicPr.cNvPr.set("descr", alt)

    def save(self) -> bytes:
        from geo.render.files import report

        tag = i18n.language_tag(self.lang)
        set_language(self.prs, tag)
        office.set_properties(self.prs.core_properties, title=self.words,
                         subject=i18n.t("present.briefing", self.lang),
                         author=report.issuing_body(report.letterhead(self.lang, **self.heading)),
                         tag=tag)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def set_language(prs, tag: str) -> None:
    """Every text's language (`tag`) in the deck, its masters, layouts and notes, so that
    PowerPoint proofs it in the deck's language, not the template's en-US."""
    from pptx.oxml.ns import qn

    notes = [s.notes_slide for s in prs.slides if s.has_notes_slide]
    parts = [prs, *prs.slide_masters, *prs.slide_layouts, *prs.slides, *notes,
             *([prs.notes_master] if notes else [])]
    names = {qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")}
    for part in parts:
        for element in part.element.iter():
            if element.tag in names:
                element.set("lang", tag)


def palette_png(fig, pixels: int) -> bytes:
    """The figure drawn `pixels` wide, as a PNG in 256 colours (maps are flat colours: no
    visible change, a third the size), encoded once."""
    from PIL import Image

    image = figures.to_image(fig, pixels / fig.get_figwidth()).convert("RGB")
    out = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


OCCASION = {"event": "DVK_BRIEFING_EVENT", "presenter": "DVK_BRIEFING_PRESENTER"}


def title_slide(deck: Deck, audience_url: str | None = None,
                occasion: dict[str, str] | None = None) -> None:
    """The briefing's title under the issuing body of today (report.letterhead), with the
    event and the presenter (`occasion`, else the DVK_BRIEFING_* settings) when given; a QR
    code to the audience link when one is published, else to the live view when the public
    address is known."""
    from geo.render.files import report

    lang = deck.lang
    slide = deck.slide(deck.words, layout=deck.opening)
    head = report.letterhead(lang, **deck.heading)  # as set in the app, if it was
    deck.text(slide, f"{head.superior.upper()}\n{head.issuer.upper()}", Inches(0.8),
              Inches(0.5), Inches(7), Inches(1.0), size=18, bold=True)
    given = {k: (occasion or {}).get(k) or settings.get(v) for k, v in OCCASION.items()}
    said = [i18n.t(f"present.{k}", lang, value=v) for k, v in given.items() if v]
    if said:
        deck.text(slide, "\n".join(said), Inches(0.8), Inches(1.5), Inches(11.5),
                  Inches(0.7), size=18)
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = (
        Inches(0.8), Inches(2.2), Inches(11.5), Inches(2.2))
    for paragraph in heading.text_frame.paragraphs:
        paragraph.font.size, paragraph.font.bold = Pt(36), True
    subtitle = slide.placeholders[1]
    subtitle.text = i18n.t("present.briefing", lang) + " · " + words.made_on(lang)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(0.8), Inches(4.5), Inches(9), Inches(0.8))
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(20)
        paragraph.font.color.rgb = RGBColor(*palette.rgb(palette.TEXT_MUTED))
    public = settings.get("DVK_PUBLIC_URL")
    link, label = audience_url, i18n.t("present.audience", lang)
    if not link and public:
        query = "&".join(f"{k}={v}" for k, v in to_query(
            deck.filters, latest_year=deck.ds.latest_year).items())
        link = public.rstrip("/") + "/" + (f"?{query}" if query else "")
        label = i18n.t("present.live", lang)
    if link:
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=10, border=2)
        qr.seek(0)
        picture = slide.shapes.add_picture(qr, Inches(10.3), Inches(4.3), height=Inches(2.3))
        picture._element.nvPicPr.cNvPr.set("descr", f"QR: {link}")
        deck.text(slide, label + ": " + link, Inches(0.8), Inches(5.6), Inches(9.2),
                  Inches(0.8), size=14)


def key_figures_slide(deck: Deck) -> None:
    """The four key figures of the period, large, each with its figure to date below it."""
    lang = deck.lang
    numbers = views.key_figures(deck.ds, deck.filters)
    slide = deck.slide(i18n.t("present.key_figures", lang))
    deck.text(slide, deck.words, Inches(0.6), Inches(1.2), Inches(12), Inches(0.8), size=18)
    for i, (label, value, to_date) in enumerate(words.figure_cards(numbers, lang)):
        left = Inches(0.6 + i * 3.1)
        deck.text(slide, value, left, Inches(2.6), Inches(3.0), Inches(1.2), size=48, bold=True)
        deck.text(slide, label, left, Inches(3.9), Inches(3.0), Inches(0.8), size=20)
        deck.text(slide, i18n.t("kpi.to_date", lang, year=deck.filters.year_to, n=to_date),
                  left, Inches(4.9), Inches(3.0), Inches(0.8), size=16,
                  colour=RGBColor(*palette.rgb(palette.TEXT_MUTED)))


TABLE_PT = 14  # a table read from the back of a hall
TABLE_ROWS = 10  # body rows on one slide at that size, under the title, above the footer
ROW_HEIGHT = Inches(0.42)


def table_slides(deck: Deck, title: str, header: list[str], body: list[list[str]], *,
                 total: list[str] | None = None, widths: list[float] | None = None,
                 below: str = "") -> None:
    """A native table (editable) at TABLE_PT, split over as many slides as it needs (the
    header on each, the total row on the last; "(1/2)" in the titles), `below` under the last."""
    pages = [body[i:i + TABLE_ROWS] for i in range(0, len(body), TABLE_ROWS)] or [[]]
    for n, rows in enumerate(pages, start=1):
        last = n == len(pages)
        shown = [header, *rows, *([total] if total and last else [])]
        slide = deck.slide(title if len(pages) == 1 else f"{title} ({n}/{len(pages)})")
        shape = slide.shapes.add_table(len(shown), len(header), Inches(0.4), BODY_TOP,
                                       Inches(12.5), ROW_HEIGHT * len(shown))
        table = shape.table
        for c, inches in enumerate(widths or []):
            table.columns[c].width = Inches(inches)
        for r, values in enumerate(shown):
            table.rows[r].height = ROW_HEIGHT
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = str(value)
                for paragraph in cell.text_frame.paragraphs:
                    paragraph.font.size = Pt(TABLE_PT)
                    paragraph.font.bold = r == 0 or (total is not None and last
                                                     and r == len(shown) - 1)
        if below and last:
            deck.text(slide, below, Inches(0.4), BODY_TOP + ROW_HEIGHT * len(shown) + Inches(0.1),
                      Inches(12.5), Inches(0.5), size=14)


def domain_table_slide(deck: Deck) -> None:
    """District × domain as native tables at 14 pt (no column of zeros), with a total row and
    what the table leaves out of the key figures' count."""
    lang = deck.lang
    shown = views.domain_table(deck.ds, deck.filters)
    table, columns = shown.table, shown.columns
    header = [i18n.t("column.district", lang),
              *[i18n.t("domains.total", lang) if c == "total" else i18n.domain_label(c, lang)
                for c in columns]]
    body = [[name, *[i18n.number(int(row[c]), lang) for c in columns]]
            for name, row in table.iterrows()]
    sums = table.sum()
    total = [i18n.t("domains.total", lang), *[i18n.number(int(sums[c]), lang) for c in columns]]
    first = 3.3
    table_slides(deck, i18n.t("present.domain_table", lang), header, body, total=total,
                 widths=[first] + [(12.5 - first) / (len(header) - 1)] * (len(header) - 1),
                 below=words.left_out(shown, lang) if shown.left_out else "")


def domain_maps_alt(deck: Deck) -> str:
    """The four domain maps in words: each domain's models on the map (those in a district)."""
    sums = views.domain_table(deck.ds, deck.filters).table.sum()
    counts = "; ".join(f"{i18n.domain_label(d, deck.lang)}: {i18n.number(int(sums[d]), deck.lang)}"
                       for d in aggregate.DOMAIN_ORDER if d != "unclassified")
    return i18n.t("present.domain_maps_alt", deck.lang, filters=deck.words, counts=counts)


def card_title(name: str, place: str, seen: set[str]) -> str:
    """A card's title, unique in the deck's outline: the model's name and its place."""
    title = f"{name} – {place}" if place else name
    n = 2
    while title in seen:
        title, n = f"{name} – {place} ({n})", n + 1
    seen.add(title)
    return title


def typical_slides(deck: Deck) -> int:
    """One card per typical model the filters select that has been replicated (domain, then
    reach): its facts as native text beside the map of where it spread; the typical models
    not replicated yet together in one table."""
    lang = deck.lang
    typical = views.typical_models(deck.ds, deck.filters)
    spread = typical[typical["adoptions_to_date"] > 0]
    seen: set[str] = set()
    for _, model in spread.iterrows():
        facts = words.card(deck.ds, model, deck.filters)
        title = card_title(model["name"], words.place_of(deck.ds, model, lang), seen)
        slide = deck.slide(title, f"{model['id']}: {model['name']}")
        box = slide.shapes.add_textbox(Inches(0.4), BODY_TOP, Inches(4.3), PICTURE_HEIGHT)
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(facts["lines"]):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size, paragraph.font.bold = Pt(16), i == 0
            paragraph.space_after = Pt(6)
        if facts["result_text"]:
            paragraph = frame.add_paragraph()
            paragraph.text = textwrap.shorten(facts["result_text"], 280)
            paragraph.font.size, paragraph.font.italic = Pt(14), True
        fig = figures.replication_figure(deck.ds, deck.filters, [model["id"]], title="",
                                         size="16:9", drawn=facts["spread"],
                                         printed_mm=CARD_MAP_WIDTH / 36_000)
        image = io.BytesIO(palette_png(fig, PROJECTOR_PX * CARD_MAP_WIDTH // WIDTH))  # its share
        picture = slide.shapes.add_picture(image, Inches(4.9), BODY_TOP + Inches(0.3),
                                           CARD_MAP_WIDTH, int(CARD_MAP_WIDTH * 9 / 16))
        picture._element.nvPicPr.cNvPr.set("descr", i18n.t(
            "present.card_alt", lang, name=model["name"], reach=facts["lines"][-1]))
    waiting = typical[typical["adoptions_to_date"] == 0]
    if len(waiting):
        table_slides(deck, i18n.t("present.waiting", lang, year=deck.filters.year_to),
                     [i18n.t("report.col.name", lang), i18n.t("report.col.unit", lang),
                      i18n.t("report.col.place", lang), i18n.t("report.col.years", lang)],
                     [[m["name"], words.unit_of(m, lang), words.place_of(deck.ds, m, lang),
                       words.years_of(m)] for _, m in waiting.iterrows()],
                     widths=[4.4, 3.2, 3.3, 1.6])
    return len(typical)


def build(request: catalog.Request, view: catalog.View, *, audience_url: str | None = None,
          occasion: dict[str, str] | None = None, heading: dict | None = None) -> bytes:
    """The deck of `view`: its sections in the catalog's order (the briefing: title, key
    figures, density map, leading domain, the four domain maps, district × domain table, the
    targets of the period's last year, one slide per typical model)."""
    ds, filters = request.ds, request.filters
    deck = Deck(ds, filters)
    deck.heading = heading or {}
    heading, lang = deck.words, deck.lang
    for section in view.slides:
        if section == "title":
            title_slide(deck, audience_url, occasion or {})
        elif section == "figures":
            key_figures_slide(deck)
        elif section == "density":
            deck.picture(figures.density_figure(ds, filters, title="", size="16:9"),
                         f"{i18n.t('measure.count', lang)}: {heading}",  # not the title slide's
                         alt=catalog.alternative(request, "overview"))
        elif section == "leading":
            deck.picture(figures.leading_figure(ds, filters, title="", size="16:9"),
                         catalog.title_of(request, "domains"),
                         alt=catalog.alternative(request, "domains"))
        elif section == "domain_maps":
            deck.picture(figures.domains_figure(ds, filters, title="", size="16:9"),
                         i18n.t("present.domain_maps", lang), alt=domain_maps_alt(deck))
        elif section == "table":
            domain_table_slide(deck)
        elif section == "replication":
            ids = views.typical_models(ds, filters)["id"].tolist()
            deck.picture(figures.replication_figure(ds, filters, ids, title="", size="16:9",
                                                    printed_mm=PICTURE_WIDTH_MM),
                         catalog.title_of(request, "replication"),
                         alt=catalog.alternative(request, "replication"))
        elif section == "targets" and ds.rules:
            shown = catalog.target_status(request)
            deck.picture(figures.targets_figure(ds, lang, shown.year, shown.level, titled=False),
                         words.targets_title(shown, lang),
                         alt=catalog.alternative(request, "targets"),
                         notes_extra=i18n.t("targets.all_models", lang))
        elif section == "typical":
            typical_slides(deck)
    return deck.save()
