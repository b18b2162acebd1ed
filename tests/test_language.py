"""No English on the Vietnamese and French pages: every rendered text is walked against the
English catalog and the vocabularies, and no internal value or "None" reaches a table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import i18n, vocab
from tests.helpers import EDITOR_PASSWORD, PAGES, editor_in, model_row, sheet_csv

FIELDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
          "success", "text")
WIDGETS = ("selectbox", "multiselect", "radio", "checkbox", "toggle", "slider", "text_input",
           "button", "select_slider")
INTERNAL = ({*vocab.DOMAINS, *vocab.UNITS, *vocab.LEVELS, *vocab.KINDS, *vocab.STATUSES,
             "models", "replications", "None", "nan", "NaN", "<NA>", "NaT"} - {"xa", "tinh"})


def english_only() -> set[str]:
    """Catalog and vocabulary texts whose English differs from both other languages."""
    def parts(text: str) -> set[str]:
        return {p.strip() for p in re.split(r"\{[a-z_]+\}", text)}

    texts = set()
    for vi, en, fr in i18n.CATALOG.values():
        texts |= parts(en) - parts(vi) - parts(fr)
    for forms in i18n.PLURALS.values():
        texts |= {part.strip() for text in forms[1].values()
                  for part in re.split(r"\{[a-z_]+\}", text)}
    for vocabulary in (vocab.DOMAINS, vocab.UNITS, vocab.LEVELS, vocab.KINDS, vocab.STATUSES):
        texts |= {en for vi, en, fr in vocabulary.values() if en not in (vi, fr)}
    # words shared by the languages (numbers, "km", names) are no evidence of English
    return {t for t in texts if len(re.sub(r"[^A-Za-z]", "", t)) >= 4}


def rendered_texts(at) -> list[str]:
    out = []
    for kind in FIELDS:
        out += [str(e.value) for e in at.get(kind)]
    for e in at.get("metric"):
        out += [e.label, str(e.value)]
    for kind in WIDGETS:
        for widget in at.get(kind):
            out.append(widget.label)
            out += [str(o) for o in getattr(widget, "options", []) or []]
    for frame in at.get("dataframe"):
        value = frame.value
        out += [str(c) for c in value.columns]
        for column in value.columns:
            if value[column].dtype == object:
                out += [str(v) for v in value[column].dropna().unique()[:500]]
    return out


def assert_no_english(texts: list[str], lang: str) -> None:
    english = english_only()
    short = {t for t in english if len(t) < 14}
    long = [re.compile(rf"(?<!\w){re.escape(e)}(?!\w)") for e in english - short]
    found = sorted({t for t in texts if t.strip() in english}
                   | {p.pattern for t in texts for p in long if p.search(t)}
                   | {t for t in texts if t.strip() in INTERNAL})
    assert found == [], f"English or internal text on the {lang} page: {found[:10]}"


@pytest.mark.parametrize("lang", ["vi", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_no_english_on_the_page(make_apptest, page, lang):
    at = make_apptest(query={"lang": lang}).run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception
    assert_no_english(rendered_texts(at), lang)


@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_no_english_through_an_import(make_apptest, apptest_store, lang):
    """Sign-in, plan, review, errors, changes and history: the texts an editor reads."""
    at = make_apptest(query={"lang": lang}).run()
    at.switch_page(PAGES["data"]).run()
    editor = editor_in(apptest_store())
    at.text_input(key="signin_user").input(editor.username)
    at.text_input(key="signin_password").input(EDITOR_PASSWORD)
    next(b for b in at.button if b.label == i18n.t("access.sign_in", lang)).click().run()
    first = sheet_csv("models", [model_row(id="QN-A"), model_row(id="QN-B")]).encode()
    at.file_uploader(key="import_file").upload("a.csv", first, "text/csv").run()
    next(b for b in at.button if b.label == i18n.tn("data.import_valid", 2, lang)).click().run()
    second = sheet_csv("models", [model_row(id="QN-A", unit="Hội Nông dân", typical="Không",
                                            typical_year=""),
                                  model_row(id="QN-C", commune="Xã Trà Kaa"),
                                  model_row(id="QN-D", domain="Thể thao"),
                                  model_row(id="QN-E", households="1.5x")]).encode()
    at.file_uploader(key="import_file").upload("b.csv", second, "text/csv").run()
    assert not at.exception
    texts = rendered_texts(at)
    assert any(i18n.t("changes.before", lang) in t for t in texts), [
        t for t in texts if len(t) > 20][:30]  # the changes table is there
    assert_no_english(texts, lang)
    changes = next(d.value for d in at.dataframe
                   if i18n.t("changes.before", lang) in d.value.columns)
    assert not changes.isin(["None", "khoi_dan_van", "hoi_nong_dan"]).any().any()
    assert isinstance(changes, pd.DataFrame)
