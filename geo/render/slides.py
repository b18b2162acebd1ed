"""PowerPoint decks (python-pptx, 16:9): the briefing and the slides of each view. Maps are
pictures drawn by `render.figures`; the district × domain table is a native, editable table; every
slide carries speaker notes with the data source, the last import and the filters.
"""

from __future__ import annotations

import io

import segno
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from geo import settings
from geo.analysis import aggregate, views
from geo.analysis.filters import Filters, to_query
from geo.render import figures, i18n, words

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
PICTURE_DPI = 130  # 1733 px wide: sharp on a projector, small enough to mail
DEMO_RED = RGBColor(0x9A, 0x00, 0x00)


class Deck:
    """A presentation being built, with what every slide's notes and footer say."""

    def __init__(self, ds: views.Dataset, filters: Filters) -> None:
        self.ds, self.filters, self.lang = ds, filters, filters.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        self.words = words.title(filters, self.lang, views.district_names(ds))

    def notes(self) -> str:
        lang = self.lang
        source = (i18n.t("present.source_demo", lang) if self.ds.is_demo
                  else i18n.t("present.source_store", lang))
        imported = (self.ds.last_import.strftime("%d-%m-%Y %H:%M") if self.ds.last_import
                    else i18n.t("present.never", lang))
        return i18n.t("present.notes", lang, source=source, imported=imported, filters=self.words)

    def slide(self, notes_extra: str = ""):
        slide = self.prs.slides.add_slide(self.blank)
        slide.notes_slide.notes_text_frame.text = (notes_extra + "\n" if notes_extra else "") \
            + self.notes()
        if self.ds.is_demo:
            self.text(slide, i18n.t("app.demo_banner", self.lang), Inches(0.3), Inches(7.05),
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

    def picture(self, fig, notes_extra: str = "") -> None:
        slide = self.slide(notes_extra)
        image = io.BytesIO(figures.to_bytes(fig, "png", PICTURE_DPI))
        slide.shapes.add_picture(image, 0, 0, width=WIDTH)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def title_slide(deck: Deck, audience_url: str | None = None) -> None:
    """The briefing's title; a QR code to the audience link when one is published, else to the
    live view when the public address is known."""
    slide = deck.slide()
    lang = deck.lang
    deck.text(slide, i18n.t("present.briefing", lang), Inches(0.8), Inches(1.6), Inches(11.5),
              Inches(0.8), size=24, colour=RGBColor(0x55, 0x55, 0x55))
    deck.text(slide, deck.words, Inches(0.8), Inches(2.4), Inches(11.5), Inches(2.0), size=40,
              bold=True)
    deck.text(slide, words.made_on(lang), Inches(0.8), Inches(4.8),
              Inches(8), Inches(0.6), size=20)
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
    lang = deck.lang
    numbers = views.key_figures(deck.ds, deck.filters)
    slide = deck.slide()
    deck.text(slide, i18n.t("present.key_figures", lang), Inches(0.6), Inches(0.4), Inches(12),
              Inches(0.8), size=32, bold=True)
    deck.text(slide, deck.words, Inches(0.6), Inches(1.2), Inches(12), Inches(0.8), size=18)
    cards = [("kpi.models", i18n.number(numbers["models"], lang)),
             ("kpi.typical", i18n.number(numbers["typical"], lang)),
             ("kpi.units_with", f"{i18n.number(numbers['units_with'], lang)} / "
                                f"{i18n.number(numbers['units'], lang)}"),
             ("kpi.replications", i18n.number(numbers["replications"], lang))]
    for i, (key, value) in enumerate(cards):
        left = Inches(0.6 + i * 3.1)
        deck.text(slide, value, left, Inches(2.8), Inches(3.0), Inches(1.2), size=48, bold=True)
        deck.text(slide, i18n.t(key, lang), left, Inches(4.1), Inches(3.0), Inches(0.8), size=20)


def domain_table_slide(deck: Deck) -> None:
    """District × domain as a native table (editable in PowerPoint), with a total row."""
    lang = deck.lang
    table = views.domain_table(deck.ds, deck.filters)
    slide = deck.slide()
    deck.text(slide, i18n.t("present.domain_table", lang), Inches(0.4), Inches(0.2), Inches(12),
              Inches(0.6), size=26, bold=True)
    header = [i18n.t("column.district", lang)] + [
        i18n.domain_label(d, lang) for d in aggregate.DOMAIN_ORDER] + [
        i18n.t("domains.total", lang)]
    rows = len(table) + 2
    shape = slide.shapes.add_table(rows, len(header), Inches(0.4), Inches(0.9), Inches(12.5),
                                   Emu(int(Inches(6.0))))
    cells = shape.table
    body = [[name, *[i18n.number(int(v), lang) for v in row]] for name, row in
            zip(table.index, table.to_numpy())]
    body.append([i18n.t("domains.total", lang)] + [i18n.number(int(v), lang)
                                                   for v in table.sum().to_numpy()])
    for r, values in enumerate([header, *body]):
        for c, value in enumerate(values):
            cell = cells.cell(r, c)
            cell.text = str(value)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(11)
                paragraph.font.bold = r == 0 or r == rows - 1


def typical_slides(deck: Deck) -> int:
    """One slide per typical model the filters select (domain, then reach)."""
    typical = views.typical_models(deck.ds, deck.filters)
    for _, model in typical.iterrows():
        deck.picture(figures.card_figure(deck.ds, deck.filters, model, size="16:9"),
                     notes_extra=f"{model['id']}: {model['name']}")
    return len(typical)


SECTIONS = {
    "overview": ("title", "figures", "density"),
    "domains": ("leading", "domain_maps", "table"),
    "replication": ("replication",),
    "typical": ("typical",),
    "targets": ("targets",),
    "briefing": ("title", "figures", "density", "leading", "domain_maps", "table", "targets",
                 "typical"),
}


def build(ds: views.Dataset, filters: Filters, view: str = "briefing", *,
          year: int | None = None, level: str | None = None, audience_url: str | None = None
          ) -> bytes:
    """The deck of `view` (the briefing: title, key figures, density map, leading domain, the
    four domain maps, district × domain table, the targets of the latest year with one, one
    slide per typical model)."""
    deck = Deck(ds, filters)
    heading = deck.words
    for section in SECTIONS[view]:
        if section == "title":
            title_slide(deck, audience_url)
        elif section == "figures":
            key_figures_slide(deck)
        elif section == "density":
            deck.picture(figures.density_figure(ds, filters, title=heading, size="16:9"))
        elif section == "leading":
            deck.picture(figures.leading_figure(ds, filters, title=heading, size="16:9"))
        elif section == "domain_maps":
            deck.picture(figures.domains_figure(ds, filters, title=i18n.t(
                "present.domain_maps", deck.lang), size="16:9"))
        elif section == "table":
            domain_table_slide(deck)
        elif section == "replication":
            ids = views.typical_models(ds, filters)["id"].tolist()
            deck.picture(figures.replication_figure(ds, filters, ids, title=i18n.t(
                "present.replication", deck.lang, title=heading), size="16:9"))
        elif section == "targets" and ds.rules:
            deck.picture(figures.targets_figure(ds, deck.lang, views.target_year(ds, year),
                                                level),
                         notes_extra=i18n.t("targets.all_models", deck.lang))
        elif section == "typical":
            typical_slides(deck)
    return deck.save()
