"""The import part of the Data page: read, choose encoding/sheet/number format, review, import."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import boundaries, palette
from geo.errors import DvkError, EncodingChoiceError
from geo.records import encodings, export, fields, importer, reading, vocab, workbook
from geo.render import i18n
from geo.render.web import leaflet
from geo.store import importing as store_importing
from geo.store import roles, store
from ui import context, loaders, messages, state
from ui import maps as ui_maps

BIG_FILE = 1_000  # rows: past this the page shows progress while checking
UPLOAD_LIMIT_MB = 50  # a spreadsheet; the server refuses more than twice this outright


def _cached_plan(ctx: context.Context, data: bytes, name: str, file_id: str, kind: str,
                 options: dict, confirmations: dict, lang: str) -> importer.ImportPlan:
    """The plan for this file and these choices, made once (a rerun must not re-check 100,000
    rows), shown with progress for big files."""
    key = (file_id, kind, tuple(sorted(options.items())), tuple(sorted(confirmations.items())),
           store.version(ctx.engine))
    cache = state.IMPORT_PLANS.setdefault({})
    if key in cache:
        return cache[key]
    table = reading.read_table(data, name, encoding=options.get("encoding"),
                               sheet=options.get("sheet"))
    bar = st.progress(0.0, i18n.t("data.progress_read", lang, n=i18n.number(len(table), lang))) \
        if len(table) > BIG_FILE else None

    def progress(stage: str, done: int, total: int) -> None:
        if bar:
            bar.progress(done / total, i18n.t("data.progress_check", lang,
                                              done=i18n.number(done, lang),
                                              total=i18n.number(total, lang)))

    plan = store_importing.plan(table, kind=kind, gazetteer=loaders.gazetteer(), engine=ctx.engine,
                                file_name=name, sha256=importer.file_sha256(data),
                                confirmations=dict(confirmations),
                                number_format=options.get("number_format"), progress=progress)
    if bar:
        bar.empty()
    cache.clear()
    cache[key] = plan
    return plan


def _sheets(data: bytes, name: str, file_id: str) -> tuple[list[str], str]:
    """The workbook's sheets, read once per uploaded file (not on every rerun)."""
    cache = state.IMPORT_SHEETS.setdefault({})
    if file_id not in cache:
        cache.clear()
        cache[file_id] = workbook.xlsx_sheets(data, name)
    return cache[file_id]


def _encoding(data: bytes, file_id: str, lang: str) -> str | None:
    """The user's choice of encoding for a file that is not UTF-8, the likeliest offered first,
    each with a preview and the count of characters it cannot read."""
    cache = state.IMPORT_ENCODINGS.setdefault({})
    if cache.get("file") != file_id:  # ranked and previewed once per file, not on every rerun
        cache.clear()
        cache.update(file=file_id, choices=encodings.encoding_choices(data), previews={})
    choices = cache["choices"]
    encoding = st.selectbox(i18n.t("data.encoding", lang), choices,
                            format_func=lambda e: i18n.t(f"data.encoding.{e}", lang),
                            key=f"encoding_{file_id}")
    if encoding not in cache["previews"]:
        cache["previews"][encoding] = encodings.preview(data, encoding)
    text, replaced = cache["previews"][encoding]
    st.caption(i18n.tn("data.encoding.replaced", replaced, lang))
    st.text(text)
    st.caption(i18n.t("data.encoding.legacy", lang))
    if not st.checkbox(i18n.t("data.encoding.confirm", lang), key=f"encoding_ok_{file_id}"):
        return None
    return encoding


def _read_choices(data: bytes, name: str, file_id: str, lang: str) -> dict | None:
    """Encoding (only when UTF-8 fails), sheet (XLSX with several) and number format."""
    options: dict = {}
    try:
        if workbook.is_xlsx(data, name):
            sheets, active = _sheets(data, name, file_id)
            if len(sheets) > 1:
                options["sheet"] = st.selectbox(i18n.t("data.sheet", lang), sheets,
                                                index=sheets.index(active), key=f"sheet_{file_id}")
        else:
            try:
                encodings.decode(data, name)
            except EncodingChoiceError as error:
                messages.show_error(error, lang)
                encoding = _encoding(data, file_id, lang)
                if encoding is None:
                    return None
                options["encoding"] = encoding
    except DvkError as error:
        messages.show_error(error, lang)
        return None
    fmt = st.radio(i18n.t("data.number_format", lang), [None, "vi", "en"], horizontal=True,
                   format_func=lambda f: i18n.t(f"data.number_format.{f or 'auto'}", lang),
                   key=f"numbers_{file_id}")
    if fmt:
        options["number_format"] = fmt
    return options


def _review(plan: importer.ImportPlan, confirmations: dict, file_id: str, lang: str) -> None:
    """One line per written name; a decision applies to all its rows; bulk acceptance of
    suggestions only after the list was shown and ticked as seen."""
    groups = plan.review_groups
    if not groups:
        return
    gazetteer = loaders.gazetteer()
    st.subheader(i18n.t("data.review", lang))

    def label(unit) -> str:
        districts = ", ".join(sorted(gazetteer.district_names[d][0]
                                     for d in gazetteer.district_codes[unit]))
        return f"{gazetteer.official_name[unit]} – {districts} ({unit[0]}: {unit[1]})"

    st.dataframe(pd.DataFrame([{
        i18n.t("review.written", lang): g["written"],
        i18n.t("review.district", lang): g["district"],
        i18n.t("review.rows", lang): len(g["rows"]),
        i18n.t("review.reason", lang): i18n.t(f"import.reason.{g['reason']}", lang),
        i18n.t("review.best", lang): label(g["candidates"][0]),
        i18n.t("review.score", lang): g["score"],
        i18n.t("review.others", lang): "; ".join(label(u) for u in g["candidates"][1:])}
        for g in groups]), hide_index=True, width="stretch")
    which = st.selectbox(i18n.t("review.pick", lang), range(len(groups)),
                         format_func=lambda i: f"{groups[i]['written']} "
                                               f"({i18n.t('review.n_rows', lang, n=len(groups[i]['rows']))})",
                         key=f"review_group_{file_id}")
    group = groups[which]
    choice = st.radio(i18n.t("review.choose", lang), group["candidates"], format_func=label,
                      key=f"review_choice_{file_id}_{which}")
    _candidate_map(group["candidates"], choice, key=f"review_map_{file_id}", lang=lang)
    if st.button(i18n.t("review.apply", lang, n=len(group["rows"])), key=f"review_apply_{file_id}"):
        confirmations.update(dict.fromkeys(group["rows"], choice))
        st.rerun()
    suggestions = [g for g in groups if g["reason"] == "commune_suggestion"]
    if suggestions:
        seen = st.checkbox(i18n.t("review.seen", lang), key=f"review_seen_{file_id}")
        floor = st.slider(i18n.t("review.floor", lang), int(boundaries.FUZZY_CUTOFF), 100, 95,
                          key=f"review_floor_{file_id}")
        chosen = [g for g in suggestions if (g["score"] or 0) >= floor]
        if st.button(i18n.t("review.accept_all", lang, n=len(chosen), floor=floor),
                     disabled=not (seen and chosen), key=f"review_bulk_{file_id}"):
            for g in chosen:
                confirmations.update(dict.fromkeys(g["rows"], g["candidates"][0]))
            st.rerun()


def _candidate_map(candidates, chosen, *, key: str, lang: str) -> None:
    """The candidates on a small map of the communes (the chosen one darker)."""
    placement = loaders.placement()
    colours = {}
    for unit in candidates:
        code = placement["communes"].get(f"{unit[0]}:{unit[1]}")
        if isinstance(code, str):
            colours[code] = palette.CHOSEN_UNIT if unit == chosen else palette.OTHER_UNITS
    layer = leaflet.data_layer(colours, {}, "")
    ui_maps.show(ui_maps.base_map("communes", "none", "", lang), layer, key=key, height=300)


def import_section(ctx: context.Context, actor: roles.Actor) -> None:
    """Template, upload, read choices, plan, review, import: for editors only."""
    lang = ctx.lang
    kind = st.radio(i18n.t("data.import_kind", lang), ["models", "replications", "targets"],
                    horizontal=True, format_func=lambda k: i18n.t(f"data.kind.{k}", lang),
                    key="import_kind")
    st.download_button(i18n.t("data.template", lang), lambda: export.template_xlsx(kind),
                       f"mau_nhap_{kind}.xlsx")
    upload = st.file_uploader(i18n.t("data.upload", lang, limit=UPLOAD_LIMIT_MB),
                              type=["csv", "xlsx"], key="import_file")
    if upload is None:
        return
    if upload.size > UPLOAD_LIMIT_MB * 1_000_000:
        st.error(i18n.t("error.upload_size", lang, size=i18n.number(upload.size / 1e6, lang, 1),
                        limit=UPLOAD_LIMIT_MB))
        return
    data = upload.getvalue()
    options = _read_choices(data, upload.name, upload.file_id, lang)
    if options is None:
        return
    confirmations = state.IMPORT_CONFIRMATIONS(upload.file_id).setdefault({})
    done, plan = messages.attempt(lambda: _cached_plan(
        ctx, data, upload.name, upload.file_id, kind, options, confirmations, lang), lang)
    if not done:
        return
    _summary(plan, lang)
    _review(plan, confirmations, upload.file_id, lang)
    errors_table(plan, lang)
    allow_changes = _changes(plan, lang)
    allow_repeat = False
    if plan.repeat_of:
        st.warning(i18n.t("data.repeat", lang, when=plan.repeat_of["created_at"],
                          id=plan.repeat_of["id"]))
        allow_repeat = st.checkbox(i18n.t("data.allow_repeat", lang))
    _apply(ctx, plan, actor, allow_changes=allow_changes, allow_repeat=allow_repeat)


def _summary(plan: importer.ImportPlan, lang: str) -> None:
    """What the file holds, what it would change, and what the user should know first."""
    st.write(i18n.t("data.plan_summary", lang, read=i18n.number(plan.rows_read, lang),
                    ok=i18n.number(len(plan.records), lang),
                    new=i18n.number(plan.new_count, lang),
                    changed=i18n.number(len(plan.changes), lang),
                    same=i18n.number(plan.unchanged_count, lang),
                    bad=i18n.number(len(plan.rejected_rows), lang)))
    for notice in plan.notices:
        values = notice.values
        if values.get("near"):
            values["near"] = i18n.t("import.notice.near", lang, near=values["near"])
        messages.say(st.warning, f"import.notice.{notice.key}", lang, **values)
    if plan.replaces_demo:
        st.info(i18n.t("import.notice.replaces_demo", lang))
    if plan.matches:
        st.caption(i18n.t("data.match_report", lang, report=", ".join(
            f"{i18n.t(f'match.{k}', lang)}: {v}" for k, v in plan.match_report.items())))


def _changes(plan: importer.ImportPlan, lang: str) -> bool:
    """The stored values the file would change, field by field; True once the user agrees."""
    if not plan.changes:
        return False
    st.subheader(i18n.t("data.changes", lang))
    st.dataframe(pd.DataFrame([{
        i18n.t("changes.id", lang): str(c["key"]),
        i18n.t("changes.field", lang): fields.field_label(plan.kind, f, lang),
        i18n.t("changes.before", lang): fields.value_label(plan.kind, f, old, lang),
        i18n.t("changes.after", lang): fields.value_label(plan.kind, f, new, lang)}
        for c in plan.changes for f, (old, new) in c["fields"].items()]),
        hide_index=True, width="stretch")
    return st.checkbox(i18n.t("data.allow_changes", lang))


def _apply(ctx: context.Context, plan: importer.ImportPlan, actor: roles.Actor, *,
           allow_changes: bool, allow_repeat: bool) -> None:
    """The two import buttons (valid rows, or all or nothing) and the import with its progress."""
    lang = ctx.lang
    valid_button, all_button = st.columns(2)
    go_valid = valid_button.button(i18n.tn("data.import_valid", len(plan.records), lang),
                                   disabled=not plan.records, type="primary")
    go_all = all_button.button(i18n.t("data.import_all", lang), disabled=bool(plan.errors))
    if not (go_valid or go_all):
        return
    bar = st.progress(0.0)
    done, import_id = messages.attempt(lambda: store_importing.apply_plan(
        ctx.engine, plan, actor=actor, valid_rows_only=go_valid,
        allow_changes=allow_changes, allow_repeat=allow_repeat,
        progress=lambda n, total: bar.progress(
            n / total, i18n.t("data.progress", lang, done=n, total=total))), lang)
    if done:
        st.success(i18n.t("data.imported", lang, id=import_id,
                          new=i18n.number(plan.new_count, lang),
                          changed=i18n.number(len(plan.changes), lang)))



def errors_table(plan: importer.ImportPlan, lang: str) -> None:
    """Every problem of a plan: row, column, value as written, and why, in the user's language."""
    if not plan.errors:
        return
    st.subheader(i18n.t("data.errors", lang))
    st.dataframe(pd.DataFrame([{
        i18n.t("errors.row", lang): e.row, i18n.t("errors.column", lang): e.column,
        i18n.t("errors.value", lang): e.value,
        i18n.t("errors.reason", lang): i18n.t(f"import.reason.{e.reason}", lang, **e.values)}
        for e in plan.errors]), hide_index=True, width="stretch")


def targets_section(ctx: context.Context, actor: roles.Actor) -> None:
    """The target rules as a table in the import format: everyone may download it; editors
    change, add or delete rows and save, which goes through the import checks and log."""
    lang = ctx.lang
    st.header(i18n.t("targets.rules_header", lang))
    saved = state.TARGETS_SAVED.pop()
    if saved is not None:
        st.success(i18n.t("targets.saved", lang, id=saved))
    stored = store.read_targets(ctx.engine)
    rules = export.import_frame("targets", stored)
    st.download_button(i18n.t("targets.export", lang), lambda: export.to_csv_bytes(rules),
                       "chi_tieu_mau_nhap.csv", "text/csv")
    if not actor.may("editor"):
        st.dataframe(rules, hide_index=True, width="stretch")
        return
    st.caption(i18n.t("targets.rules_help", lang))
    spec = {s.key: s.vi for s in fields.TARGET_FIELDS}
    edited = st.data_editor(
        rules, num_rows="dynamic", hide_index=True, width="stretch", key=state.TARGETS_EDITOR.name,
        column_config={
            spec["level"]: st.column_config.SelectboxColumn(options=[
                v[0] for v in vocab.TARGET_LEVELS.values()], required=True),
            spec["cadence"]: st.column_config.SelectboxColumn(options=[
                v[0] for v in vocab.CADENCES.values()], required=True)})
    if not st.button(i18n.t("targets.save", lang), type="primary"):
        return
    table = reading.table_from_frame(edited, "(trang Dữ liệu)")
    plan = store_importing.plan(table, kind="targets", gazetteer=loaders.gazetteer(),
                                engine=ctx.engine, file_name=table.file_name,
                                sha256=importer.file_sha256(str(table.rows).encode()),
                                replace_all=True)
    if plan.errors:
        errors_table(plan, lang)
        return
    if not (plan.new_count or plan.changes or plan.deletes):
        st.info(i18n.t("targets.unchanged", lang))
        return
    done, import_id = messages.attempt(lambda: store_importing.apply_plan(
        ctx.engine, plan, actor=actor, valid_rows_only=False, allow_changes=True,
        allow_repeat=True), lang)
    if done:  # the editor starts again from what is stored now
        state.TARGETS_SAVED.set(import_id)
        state.TARGETS_EDITOR.pop()
        st.rerun()
