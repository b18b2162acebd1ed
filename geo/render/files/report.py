"""The yearly report ("Báo cáo kết quả thực hiện phong trào thi đua Dân vận khéo") as a Word
document in the form of Party documents (Hướng dẫn 36-HD/VPTW, 2018; what was taken from where
is in docs/REPORT_FORM.md): heading block, overview figures against the period before, maps,
district × domain table, targets, typical models, findings in sentences, recipients and
signature. Every text stays editable; the maps are pictures with alt text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Mm, Pt

from geo import settings
from geo.analysis import findings, views
from geo.analysis.filters import Filters
from geo.records import vocab
from geo.render import catalog, i18n, words
from geo.render.files import figures, office
from geo.render.files import word_blocks as w

PAGE_MM = (210, 297)  # A4 portrait
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
# Two maps with their captions share a page, so no map that does not fit leaves half a page empty.
MAP_WIDTH_MM = 145
BODY_PT = 14
PICTURE_DPI = 150  # an A4-landscape page printed `MAP_WIDTH_MM` wide: ≈ 300 dots per inch on paper
LISTED_UNITS = 12  # units with no model named one by one up to this many
FIGURE_ROWS = ("models", "typical", "units_with", "replications")


@dataclass(frozen=True)
class Letterhead:
    """Who issues and signs the report; empty fields become blanks filled in by hand."""

    superior: str = ""  # the body above the issuer ("TỈNH ỦY QUẢNG NAM")
    issuer: str = ""  # the issuing body ("BAN DÂN VẬN")
    number: str = ""  # assigned when the report is registered
    symbol: str = ""  # "BC/BDVTU"
    place: str = "Quảng Nam"
    date: dt.date | None = None  # the day it is made, by default
    authority: str = ""  # "K/T TRƯỞNG BAN" or empty
    signer_title: str = ""  # "TRƯỞNG BAN"
    signer_name: str = ""
    recipients: tuple[str, ...] = field(default_factory=tuple)


SETTINGS = {"superior": "DVK_REPORT_SUPERIOR", "issuer": "DVK_REPORT_ISSUER",
            "symbol": "DVK_REPORT_SYMBOL", "signer_title": "DVK_REPORT_SIGNER_TITLE",
            "signer_name": "DVK_REPORT_SIGNER_NAME"}


CITY_FROM = dt.date(2025, 7, 1)  # Quảng Nam part of Đà Nẵng city (docs/REPORT_FORM.md)


def bodies_on(date: dt.date, lang: str) -> dict[str, object]:
    """The default issuing bodies of a report dated `date`: from 1 July 2025 the Đà Nẵng city
    Party Committee's, before it the Quảng Nam provincial Party Committee's."""
    if date >= CITY_FROM:
        return {"superior": i18n.t("report.superior_city", lang), "place": "Đà Nẵng",
                "recipients": tuple(i18n.t("report.recipients_city", lang).split("|"))}
    return {"superior": i18n.t("report.superior", lang), "place": "Quảng Nam",
            "recipients": tuple(i18n.t("report.recipients", lang).split("|"))}


def letterhead(lang: str, **given: object) -> Letterhead:
    """The letterhead from the settings, given values first, the defaults of the bodies that
    exist on the report's date (given, or today) last."""
    date = given.get("date") or dt.date.today()
    values = {
        **bodies_on(date, lang),
        "issuer": settings.get(SETTINGS["issuer"]) or i18n.t("report.issuer", lang),
        "symbol": settings.get(SETTINGS["symbol"]),
        "signer_title": settings.get(SETTINGS["signer_title"]) or i18n.t("report.signer", lang),
        "signer_name": settings.get(SETTINGS["signer_name"]),
    }
    values["superior"] = settings.get(SETTINGS["superior"]) or values["superior"]
    values.update({k: v for k, v in given.items() if v not in (None, "", ())})
    return Letterhead(**values)


def issuing_body(head: Letterhead) -> str:
    """"Ban Dân vận Thành ủy Đà Nẵng": the issuer and the body above it, as a file's author."""
    return " ".join(part for part in (head.issuer, head.superior) if part).strip()


def date_line(place: str, date: dt.date, lang: str) -> str:
    """"Quảng Nam, ngày 05 tháng 02 năm 2026": two-digit day and month, as the guidance's
    examples write them; English and French write the month in words."""
    if lang == "vi":
        return f"{place}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"
    from babel.dates import format_date

    return i18n.t("report.date", lang, place=place, date=format_date(
        date, "d MMMM y", locale=i18n.LOCALES[lang]))


def period_text(filters: Filters, lang: str) -> str:
    if filters.year_from == filters.year_to:
        return i18n.t("report.year", lang, year=filters.year_from)
    return i18n.t("report.period", lang, first=filters.year_from, last=filters.year_to)


def first_then_even(first_mm: float, columns: int) -> list[float]:
    """A table's column widths: the first as given, the others sharing the rest of the text
    width."""
    return [first_mm] + [(TEXT_WIDTH_MM - first_mm) / (columns - 1)] * (columns - 1)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def signed(n: int, lang: str) -> str:
    return ("+" if n > 0 else "−" if n < 0 else "±") + i18n.number(abs(n), lang)


class Report:
    """A report being written: the document, its language, the caption counters."""

    def __init__(self, ds: views.Dataset, filters: Filters) -> None:
        self.ds, self.filters, self.lang = ds, filters, filters.lang
        self.doc = Document()
        self.counters = {"figure": 0, "table": 0}
        self._page()
        self._styles()

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def n(self, value: float | int | None, digits: int = 0) -> str:
        return i18n.number(value, self.lang, digits)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        for side, mm in MARGINS_MM.items():
            setattr(section, f"{side}_margin", Mm(mm))
        section.header_distance = section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        number = w.paragraph(section.header, align="center", size=BODY_PT)
        section.header.paragraphs[0]._p.getparent().remove(section.header.paragraphs[0]._p)
        w.field(number, "PAGE", "2", size=BODY_PT)
        if self.ds.is_demo:
            for header in (section.header, section.first_page_header):
                w.paragraph(header, self.t("app.demo_short").upper(), size=10, bold=True,
                            align="center")

    def _styles(self) -> None:
        styles = self.doc.styles
        body = styles["Normal"]
        w.set_font(body, BODY_PT)
        body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        body.paragraph_format.first_line_indent = Mm(10)
        body.paragraph_format.space_after = Pt(6)
        body.paragraph_format.line_spacing = 1.15
        for level in (1, 2, 3):
            heading = styles[f"Heading {level}"]
            w.set_font(heading, BODY_PT, bold=True, italic=level == 3)
            heading.paragraph_format.space_before = Pt(12 if level == 1 else 6)
            heading.paragraph_format.space_after = Pt(6)
            heading.paragraph_format.first_line_indent = Mm(0 if level == 1 else 10)
            heading.paragraph_format.keep_with_next = True
        caption = styles["Caption"]
        w.set_font(caption, 12, bold=True, italic=False)
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.first_line_indent = Mm(0)
        caption.paragraph_format.space_after = Pt(2)

    # -- parts ---------------------------------------------------------------------------
    def heading_block(self, head: Letterhead) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        w.no_borders(table)
        w.widths(table, [70, TEXT_WIDTH_MM - 70])
        left, right = table.rows[0].cells
        left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
        right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
        w.paragraph(left, head.superior.upper(), align="center")
        w.paragraph(left, head.issuer.upper(), bold=True, align="center")
        w.paragraph(left, "*", align="center")
        number = head.number or "\u00a0" * 8
        symbol = head.symbol or "BC/" + "\u00a0" * 6
        w.paragraph(left, f"{self.t('report.number')} {number}-{symbol.removeprefix('-')}",
                    align="center")
        w.paragraph(right, self.t("report.party").upper(), size=15, bold=True,
                    underline=True, align="center")
        w.paragraph(right, "", align="center")
        w.paragraph(right, date_line(head.place, head.date or dt.date.today(), self.lang),
                    italic=True, align="center", before=6)
        w.paragraph(self.doc, self.t("report.kind").upper(), size=16, bold=True,
                    align="center", before=18)
        w.paragraph(self.doc, self.subject(), bold=True, align="center")
        w.paragraph(self.doc, "-----", align="center", after=6)
        if self.ds.is_demo:
            w.paragraph(self.doc, self.t("report.demo_notice"), size=12, italic=True,
                        align="center", after=6)
        scope = words.title(self.filters, self.lang, views.district_names(self.ds))
        self.doc.add_paragraph(self.t("report.scope", scope=scope))

    def subject(self) -> str:
        """"kết quả thực hiện … năm 2024, trong lĩnh vực Kinh tế, Huyện Đại Lộc": the year and
        every filter that narrows the models."""
        text = self.t("report.subject", period=period_text(self.filters, self.lang))
        text += words.scope_clause(self.filters, self.lang)
        if self.filters.districts:
            text += ", " + words.place(self.filters, self.lang, views.district_names(self.ds))
        return text

    @property
    def narrowed(self) -> bool:
        """Whether the filters keep fewer models than a year's or a period's all."""
        f = self.filters
        return bool(f.domains or f.districts or f.units or f.typical_only)

    def caption(self, kind: str, text: str) -> None:
        self.counters[kind] += 1
        para = w.paragraph(self.doc, style="Caption", before=4 if kind == "figure" else 8)
        run = para.add_run(self.t(f"report.{kind}") + " ")
        w.set_font(run, 12, bold=True)
        w.field(para, f"SEQ {kind.title()} \\* ARABIC", str(self.counters[kind]), size=12)
        run = para.add_run(". " + text)
        w.set_font(run, 12, bold=True)
        if kind == "table":
            para.paragraph_format.keep_with_next = True

    def source(self) -> None:
        w.paragraph(self.doc, self.t("report.source", credit=words.credit(self.lang,
                                                                          self.ds.is_demo)),
                    size=11, italic=True, align="center", after=8)

    def map_figure(self, figure, title: str, alt: str) -> None:
        png = figures.to_bytes(figure, "png", dpi=PICTURE_DPI)
        w.picture(self.doc, png, width_mm=MAP_WIDTH_MM, alt=alt, title=title)
        self.caption("figure", title)
        self.source()

    def overview(self, facts: findings.Findings) -> None:
        self.doc.add_heading(self.t("report.part1"), level=2)
        now, before = facts.figures, facts.figures_before
        units = self.t(f"report.units.{self.filters.geography}")
        self.doc.add_paragraph(capital(self.t(
            "report.overview", period=period_text(self.filters, self.lang),
            scope=words.scope_clause(self.filters, self.lang),
            where=words.place(self.filters, self.lang, views.district_names(self.ds)),
            models=i18n.tn("report.n_models", now.models.period, self.lang),
            models_to_date=self.n(now.models.to_date), typical=self.n(now.typical.period),
            typical_to_date=self.n(now.typical.to_date), units_with=self.n(now.units_with.period),
            units=self.n(now.units), unit_kind=units,
            replications=self.n(now.replications.period),
            replications_to_date=self.n(now.replications.to_date), year=self.filters.year_to)))
        compared = before is not None and not facts.before_empty
        header = [self.t("report.figure_column"), capital(period_text(self.filters, self.lang)),
                  self.t("report.to_date_column", year=self.filters.year_to)]
        if compared:
            header += [capital(period_text(facts.before, self.lang)), self.t("report.change")]
        rows = []
        for key in FIGURE_ROWS:
            figure = getattr(now, key)
            row = [self.t(f"report.figure.{key}", unit_kind=units), self.n(figure.period),
                   self.n(figure.to_date)]
            if compared:
                earlier = getattr(before, key).period
                row += [self.n(earlier), signed(figure.period - earlier, self.lang)]
            rows.append(row)
        self.caption("table", self.t("report.figures_table"))
        widths = [60, 27, 26, 26, 26] if compared else [85, 40, 40]
        w.grid(self.doc, header, rows, widths_mm=widths)
        if before is None:
            w.paragraph(self.doc, self.t("report.no_before"), size=12, italic=True, before=4)
        elif facts.before_empty:
            w.paragraph(self.doc, self.t("report.before_empty",
                                         period=period_text(facts.before, self.lang)),
                        size=12, italic=True, before=4)
        w.paragraph(self.doc, after=4)
        heading = words.title(self.filters, self.lang, views.district_names(self.ds))
        self.map_figure(figures.density_figure(self.ds, self.filters, title=heading,
                                               printed_mm=MAP_WIDTH_MM),
                        self.t("report.density_title"), self.alternative("overview"))
        if len(self.filters.domains) != 1:  # one domain leads everywhere: nothing to map
            self.map_figure(figures.leading_figure(self.ds, self.filters, title=heading,
                                                   printed_mm=MAP_WIDTH_MM),
                            self.t("report.leading_title"), self.alternative("domains"))

    def model_results(self) -> None:
        """What the models started in the period achieved, by domain (`views.results_by_domain`):
        only the results and domains some model reports."""
        self.doc.add_heading(self.t("report.part.model_results"), level=2)
        sums = views.results_by_domain(self.ds, self.filters)
        if sums.empty:
            self.doc.add_paragraph(self.t("report.no_results",
                                          period=period_text(self.filters, self.lang)))
            return
        domains = [c for c in sums.columns if c != "total"]
        header = [self.t("report.result_column"),
                  *[i18n.domain_label(d, self.lang) for d in domains],
                  *([self.t("report.total")] if len(domains) > 1 else [])]
        rows = []
        for measure, row in sums.iterrows():
            digits = 1 if measure in views.DECIMAL_RESULTS else 0
            shown = [*domains, *(["total"] if len(domains) > 1 else [])]
            scale = 1e6 if measure == "result_vnd" else 1  # millions of đồng, as reports write
            rows.append([self.t(f"report.result.{measure}"),
                         *["–" if pd.isna(row[c]) else self.n(float(row[c]) / scale, digits)
                           for c in shown]])
        self.caption("table", self.t("report.results_table")
                     + words.scope_clause(self.filters, self.lang))
        w.grid(self.doc, header, rows, widths_mm=first_then_even(55, len(header)), size=12)
        w.paragraph(self.doc, self.t("report.results_note"), size=12, italic=True, before=4)

    def to_fill(self, key: str, level: int, **values: object) -> None:
        """A part the data cannot write: its heading and a marked line saying what goes there."""
        self.doc.add_heading(self.t(f"report.part.{key}", **values), level=level)
        para = w.paragraph(self.doc, self.t(f"report.fill.{key}"), size=BODY_PT, italic=True,
                           after=6)
        para.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW

    def alternative(self, view: str) -> str:
        return catalog.alternative(catalog.Request(self.ds, self.filters), view)

    def domains(self) -> None:
        self.doc.add_heading(self.t("report.part2"), level=2)
        shown = views.domain_table(self.ds, self.filters)
        table, columns = shown.table, shown.columns
        header = [self.t("report.district"),
                  *[self.t("report.total") if c == "total" else i18n.domain_label(c, self.lang)
                    for c in columns]]
        rows = [[name, *[self.n(row[c]) for c in columns]] for name, row in table.iterrows()]
        sums = table.sum(numeric_only=True)
        rows.append([self.t("report.total"), *[self.n(sums[c]) for c in columns]])
        self.caption("table", self.t("report.domain_table")
                     + words.scope_clause(self.filters, self.lang))
        w.grid(self.doc, header, rows, widths_mm=first_then_even(37, len(header)), size=12,
               bold_last=True)
        if shown.left_out:
            w.paragraph(self.doc, words.left_out(shown, self.lang), size=12, italic=True,
                        before=4)

    def targets(self, facts: findings.Findings) -> None:
        self.doc.add_heading(self.t("report.part3", year=facts.target_year), level=2)
        if self.narrowed:  # targets are the province's: they never follow the filters
            self.doc.add_paragraph(self.t("report.not_filtered"))
        for result in facts.target_results:
            level = vocab.label(vocab.TARGET_LEVELS, result.level, self.lang)
            self.doc.add_heading(level, level=3)
            if result.rule is None or not result.rule.minimums:
                self.doc.add_paragraph(self.t("report.no_target", year=facts.target_year,
                                              level=level))
                continue
            self.doc.add_paragraph(words.rule_text(result.rule, self.lang))
            self.doc.add_paragraph(self.target_counts(result))
            shown = words.readable(result.table, self.lang,
                                   open_until=result.rule.year_to if result.table["open"].any()
                                   else None, symbols=False)
            self.caption("table", self.t("report.target_table", level=level,
                                         year=facts.target_year))
            measures = words.measure_parts(result.table, self.lang)
            header = [*shown.columns[:2], *[self.t(f"targets.part.{part}")
                                            for _, parts in measures for part, _ in parts]]
            rest = (TEXT_WIDTH_MM - 40 - 24) / max(1, len(header) - 2)
            w.grid(self.doc, header,
                   [[row[0], row[1], *[self.n(v) for v in row[2:]]]
                    for row in shown.itertuples(index=False)],
                   widths_mm=[40, 24] + [rest] * (len(header) - 2), numeric_from=2, size=12,
                   groups=[(None, 1), (None, 1),
                           *[(what, len(parts)) for what, parts in measures]])
            w.paragraph(self.doc, self.t("report.status_legend"), size=12, italic=True, before=4)

    def target_counts(self, result: views.TargetStatus) -> str:
        return self.t("report.target_counts", met=self.n(result.count("met")),
                      units=self.n(len(result.table)), partly=self.n(result.count("partly")),
                      not_met=self.n(result.count("not_met")))

    def typical(self, facts: findings.Findings) -> None:
        self.doc.add_heading(self.t("report.part4"), level=2)
        typical = views.typical_models(self.ds, self.filters)
        if typical.empty:
            self.doc.add_paragraph(self.t("present.no_typical"))
            return
        header = [self.t("report.col.no"), self.t("report.col.name"), self.t("report.col.unit"),
                  self.t("report.col.place"), self.t("report.col.domain"),
                  self.t("report.col.years"), self.t("report.col.reach"),
                  self.t("report.col.reach_to_date", year=self.filters.year_to)]
        rows = []
        for i, (_, model) in enumerate(typical.iterrows(), start=1):
            rows.append([self.n(i), model["name"], words.unit_of(model, self.lang),
                         words.place_of(self.ds, model, self.lang),
                         i18n.domain_label(model["domain"], self.lang), words.years_of(model),
                         self.n(model["adoptions"]), self.n(model["adoptions_to_date"])])
        self.caption("table", self.t("report.typical_table"))
        w.grid(self.doc, header, rows, widths_mm=[10, 36, 24, 27, 19, 17, 16, 16], numeric_from=6,
               size=12)
        heading = words.title(self.filters, self.lang, views.district_names(self.ds))
        w.paragraph(self.doc, after=4)
        self.map_figure(
            figures.replication_figure(self.ds, self.filters, typical["id"].tolist(),
                                       title=self.t("present.replication", title=heading),
                                       printed_mm=MAP_WIDTH_MM),
            self.t("report.replication_title"), self.alternative("replication"))

    def conclusions(self, facts: findings.Findings) -> None:
        self.doc.add_heading(self.t("report.part5"), level=2)
        for sentence in self.sentences(facts):
            self.doc.add_paragraph(capital(sentence))

    def sentences(self, facts: findings.Findings) -> list[str]:
        """The findings, each a full sentence with its numbers."""
        out = []
        total = facts.figures.models.period
        placed = facts.districts[facts.districts["count"] > 0]
        if total == 0:
            return [self.t("report.find.none")]
        if len(placed):
            most = placed["count"].max()
            leaders = placed.loc[placed["count"] == most, "name"].tolist()
            out.append(i18n.tn("report.find.district", len(leaders), self.lang,
                               names=words.joined(leaders, self.lang),
                               models=i18n.tn("report.n_models", int(most), self.lang),
                               share=i18n.percent(most / total, self.lang)))
        if len(self.filters.domains) != 1:  # one domain chosen: it has every model
            domain, count = facts.domains.index[0], int(facts.domains.iloc[0])
            out.append(self.t("report.find.domain", domain=i18n.domain_label(domain, self.lang),
                              models=i18n.tn("report.n_models", count, self.lang),
                              share=i18n.percent(count / total, self.lang)))
        if facts.before_empty:
            out.append(self.t("report.before_empty", period=period_text(facts.before, self.lang)))
        elif facts.before is not None:
            grown = facts.districts.dropna(subset=["growth"])
            best = grown.sort_values(["growth", "name"], ascending=[False, True]).head(1)
            if len(best) and int(best["growth"].iloc[0]) > 0:
                row = best.iloc[0]
                out.append(self.t("report.find.growth", name=row["name"],
                                  before=self.n(int(row["count_before"])),
                                  now=self.n(int(row["count"])),
                                  change=signed(int(row["growth"]), self.lang),
                                  period=period_text(facts.before, self.lang)))
            else:
                out.append(self.t("report.find.no_growth",
                                  period=period_text(facts.before, self.lang)))
        unit_kind = self.t(f"report.units.{self.filters.geography}")
        if facts.without:
            listed = facts.without[:LISTED_UNITS]
            more = len(facts.without) - len(listed)
            names = words.joined(listed, self.lang) if not more else (
                ", ".join(listed) + self.t("report.and_more", n=self.n(more)))
            out.append(i18n.tn("report.find.without", len(facts.without), self.lang,
                               units=self.n(facts.units), unit_kind=unit_kind, names=names))
        else:
            out.append(self.t("report.find.all_have", unit_kind=unit_kind))
        for result in facts.target_results:
            if result.rule is None or not result.rule.minimums:
                continue
            level = vocab.label(vocab.TARGET_LEVELS, result.level, self.lang)
            missed = findings.missed(result.table)
            text = self.t("report.find.targets", year=facts.target_year, level=level,
                          counts=self.target_counts(result))
            if len(missed):
                worst = missed.iloc[0]
                gaps = ", ".join(i18n.tn(f"targets.count.{m}", int(worst[f"gap_{m}"]), self.lang)
                                 for m in result.rule.minimums if int(worst[f"gap_{m}"]) > 0)
                text += " " + self.t("report.find.shortfall", name=worst["name"], gaps=gaps,
                                     total=self.n(int(missed["gap"].sum())))
            out.append(text)
        spread = facts.replicated[facts.replicated["adoptions"] > 0].head(3)
        if len(spread):
            out.append(self.t("report.find.replicated", models="; ".join(
                f"“{r.name}” ({i18n.tn('report.n_times', int(r.adoptions), self.lang)})"
                for r in spread.itertuples())))
        else:
            out.append(self.t("report.find.not_replicated"))
        return out

    def closing(self, head: Letterhead) -> None:
        """Recipients and signature on one page with the last paragraph: that paragraph keeps
        with the next, the block's one row never splits."""
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        w.paragraph(self.doc, after=6).paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=2)
        w.unsplit(table.rows[0])
        w.no_borders(table)
        w.widths(table, [80, TEXT_WIDTH_MM - 80])
        left, right = table.rows[0].cells
        for cell in (left, right):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        w.paragraph(left, self.t("report.recipients_label"), size=14, underline=True)
        for i, name in enumerate(head.recipients):
            end = "." if i == len(head.recipients) - 1 else ","
            w.paragraph(left, f"- {name.rstrip('.,')}{end}", size=12)
        if head.authority:
            w.paragraph(right, head.authority.upper(), bold=True, align="center")
        w.paragraph(right, head.signer_title.upper(), bold=True, align="center")
        for _ in range(4):
            w.paragraph(right, "", align="center")
        w.paragraph(right, head.signer_name or "." * 30, bold=True, align="center")

    def bytes(self, head: Letterhead) -> bytes:
        tag = i18n.language_tag(self.lang)
        subject = self.subject()
        w.set_language(self.doc, tag)
        office.set_properties(self.doc.core_properties, title=f"{self.t('report.kind')} {subject}",
                         subject=subject, author=issuing_body(head), tag=tag)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def build(ds: views.Dataset, filters: Filters, head: Letterhead | None = None) -> bytes:
    """The report for `filters` as .docx bytes."""
    head = head or letterhead(filters.lang)
    report = Report(ds, filters)
    facts = findings.findings(ds, filters)
    report.heading_block(head)
    report.to_fill("direction", 1)
    report.doc.add_heading(report.t("report.part.results"), level=1)
    report.overview(facts)
    report.domains()
    report.model_results()
    report.targets(facts)
    report.typical(facts)
    report.doc.add_heading(report.t("report.part.assessment"), level=1)
    report.conclusions(facts)
    for key in ("strengths", "limitations", "lessons"):
        report.to_fill(key, 2)
    report.to_fill("tasks", 1, year=filters.year_to + 1)
    report.to_fill("proposals", 1)
    report.closing(head)
    return report.bytes(head)
