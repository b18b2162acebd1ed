"""No English on the Vietnamese and French pages through an import: every rendered text is walked
against the English catalog and the vocabularies (`helpers.assert_no_english`; every page at rest
is checked in `test_app`), and no internal value or "None" reaches a table."""

from __future__ import annotations

import pytest

from geo.render import i18n
from tests.helpers import EDITOR_PASSWORD, PAGES, assert_no_english, editor_in, model_row, rendered_texts, sheet_csv
from ui import state


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_no_english_through_an_import(make_apptest, apptest_store, lang):
    """Sign-in, plan, review, errors, changes and history: the texts an editor reads."""
    at = make_apptest(query={"lang": lang}).run()
    at.switch_page(PAGES["data"]).run()
    editor = editor_in(apptest_store())
    at.text_input(key=state.SIGNIN_USER.name).input(editor.username)
    at.text_input(key=state.SIGNIN_PASSWORD.name).input(EDITOR_PASSWORD)
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
