"""One translation catalog (vi default, en, fr) and number formatting for the chosen language."""

from __future__ import annotations

import math

from babel import Locale
from babel.numbers import format_decimal

from geo import vocab

LANGUAGES = {"vi": "Tiếng Việt", "en": "English", "fr": "Français"}
LOCALES = {"vi": "vi_VN", "en": "en_GB", "fr": "fr_FR"}

CATALOG: dict[str, tuple[str, str, str]] = {
    # shell
    "app.title": ("Bản đồ mô hình “Dân vận khéo” Quảng Nam",
                  "Quảng Nam “Skilled mass mobilization” models map",
                  "Carte des modèles « Mobilisation de masse habile » du Quảng Nam"),
    "app.language": ("Ngôn ngữ", "Language", "Langue"),
    "app.demo_banner": ("Dữ liệu minh họa: không phải số liệu thật. Dữ liệu thật thay thế ngay khi "
                        "được nhập ở trang Dữ liệu.",
                        "Illustrative data: not real records. Real data replaces it as soon as it "
                        "is imported on the Data page.",
                        "Données illustratives : pas de données réelles. Les données réelles les "
                        "remplacent dès leur import dans la page Données."),
    "app.demo_short": ("Dữ liệu minh họa", "Illustrative data", "Données illustratives"),
    "app.loading_demo": ("Đang nạp dữ liệu minh họa lần đầu…", "Loading the illustrative data "
                         "for the first time…", "Chargement initial des données illustratives…"),
    "page.overview": ("Tổng quan", "Overview", "Vue d’ensemble"),
    "page.domains": ("Lĩnh vực", "Domains", "Domaines"),
    "page.replication": ("Nhân rộng", "Replication", "Diffusion"),
    "page.data": ("Dữ liệu", "Data", "Données"),
    "page.about": ("Giới thiệu", "About", "À propos"),
    # filters
    "filter.header": ("Bộ lọc", "Filters", "Filtres"),
    "filter.domains": ("Lĩnh vực", "Domains", "Domaines"),
    "filter.all": ("Tất cả", "All", "Tous"),
    "filter.years": ("Năm bắt đầu", "Year started", "Année de début"),
    "filter.districts": ("Huyện / thị xã / thành phố", "Districts", "Districts"),
    "filter.typical_only": ("Chỉ mô hình điển hình", "Typical models only",
                            "Modèles exemplaires seulement"),
    "filter.units": ("Đơn vị thực hiện", "Implementing unit", "Unité de mise en œuvre"),
    "filter.geography": ("Địa giới", "Geography", "Découpage"),
    "filter.measure": ("Chỉ số", "Measure", "Mesure"),
    "filter.classification": ("Cách chia lớp", "Classification", "Classification"),
    "filter.basemap": ("Nền bản đồ", "Basemap", "Fond de carte"),
    "filter.bad_url": ("Bỏ qua tham số không hợp lệ trong đường dẫn: {items}",
                       "Ignored invalid link parameters: {items}",
                       "Paramètres de lien invalides ignorés : {items}"),
    "geography.communes": ("Xã 2020–2024", "Communes 2020–2024", "Communes 2020–2024"),
    "geography.districts": ("Huyện 2020–2024", "Districts 2020–2024", "Districts 2020–2024"),
    "geography.units_2025": ("Xã/phường từ 1-7-2025", "Units from 1-7-2025",
                             "Unités depuis le 1-7-2025"),
    "measure.count": ("Số mô hình", "Number of models", "Nombre de modèles"),
    "measure.per_10k": ("Mô hình / 10.000 dân", "Models per 10,000 residents",
                        "Modèles pour 10 000 habitants"),
    "measure.per_100km2": ("Mô hình / 100 km²", "Models per 100 km²", "Modèles pour 100 km²"),
    "classification.quantiles": ("Phân vị", "Quantiles", "Quantiles"),
    "classification.natural_breaks": ("Ngắt tự nhiên (Fisher–Jenks)",
                                      "Natural breaks (Fisher–Jenks)",
                                      "Seuils naturels (Fisher–Jenks)"),
    "classification.equal_interval": ("Khoảng đều", "Equal interval", "Intervalles égaux"),
    "basemap.none": ("Không (ngoại tuyến)", "None (offline)", "Aucun (hors ligne)"),
    "basemap.light": ("Nền sáng (cần Internet)", "Light tiles (needs internet)",
                      "Fond clair (Internet requis)"),
    # overview
    "kpi.models": ("Mô hình", "Models", "Modèles"),
    "kpi.typical": ("Mô hình điển hình", "Typical models", "Modèles exemplaires"),
    "kpi.units_with": ("Đơn vị có mô hình", "Units with a model", "Unités avec un modèle"),
    "kpi.replications": ("Lượt nhân rộng", "Replications", "Reprises"),
    "overview.unplaced": ("{n} mô hình không đặt được lên địa giới này ({province} cấp tỉnh, {other} "
                          "khác: cấp huyện hoặc đơn vị không tương ứng một-một).",
                          "{n} models cannot be placed on this geography ({province} "
                          "province-level, {other} other: district-level or a unit with no "
                          "one-to-one match).",
                          "{n} modèles ne peuvent être placés sur ce découpage ({province} de "
                          "niveau provincial, {other} autres : niveau district ou unité sans "
                          "correspondance unique)."),
    "overview.trend": ("Số mô hình theo năm bắt đầu", "Models by year started",
                       "Modèles par année de début"),
    "overview.by_domain": ("Số mô hình theo lĩnh vực", "Models by domain", "Modèles par domaine"),
    "overview.click_hint": ("Bấm vào một đơn vị trên bản đồ để xem danh sách mô hình.",
                            "Click a unit on the map to list its models.",
                            "Cliquez sur une unité de la carte pour lister ses modèles."),
    "overview.models_in": ("Mô hình ở {unit}", "Models in {unit}", "Modèles à {unit}"),
    "overview.none_in": ("Không có mô hình nào theo bộ lọc.", "No model matches the filters.",
                         "Aucun modèle ne correspond aux filtres."),
    "map.wheel_hint": ("Giữ Ctrl (⌘ trên Mac) và lăn chuột để phóng to, thu nhỏ bản đồ",
                       "Hold Ctrl (⌘ on a Mac) and scroll to zoom the map",
                       "Maintenir Ctrl (⌘ sur Mac) et faire défiler pour zoomer"),
    "map.home": ("Xem toàn tỉnh", "Whole province", "Toute la province"),
    "map.credit_title": ("Nguồn bản đồ", "Map sources", "Sources de la carte"),
    "legend.no_data": ("Không có mô hình", "No model", "Aucun modèle"),
    "legend.no_population": ("Có mô hình, chưa có số dân", "Models, population unknown",
                             "Modèles, population inconnue"),
    "legend.not_replicated": ("Chưa nhân rộng", "Not (yet) replicated", "Pas (encore) repris"),
    "legend.mixed": ("Hỗn hợp (không lĩnh vực nào ≥ 40%)", "Mixed (no domain ≥ 40%)",
                     "Mixte (aucun domaine ≥ 40 %)"),
    "tooltip.district": ("Huyện", "District", "District"),
    "tooltip.count": ("Số mô hình", "Models", "Modèles"),
    "tooltip.leading": ("Lĩnh vực dẫn đầu", "Leading domain", "Domaine principal"),
    "tooltip.share": ("Tỷ lệ", "Share", "Part"),
    "column.year": ("Năm", "Year", "Année"),
    "column.domain": ("Lĩnh vực", "Domain", "Domaine"),
    "column.count": ("Số mô hình", "Models", "Modèles"),
    "column.name": ("Tên mô hình", "Name", "Nom"),
    "column.place": ("Địa bàn", "Place", "Lieu"),
    "column.unit": ("Đơn vị thực hiện", "Implementing unit", "Unité"),
    "column.typical": ("Điển hình", "Typical", "Exemplaire"),
    "column.district": ("Huyện", "District", "District"),
    # data page
    "data.search": ("Tìm theo tên, địa bàn, mã", "Search name, place, id",
                    "Rechercher nom, lieu, identifiant"),
    "data.table_count": ("{n} mô hình theo bộ lọc", "{n} models match the filters",
                         "{n} modèles correspondent aux filtres"),
    "data.export_csv": ("Tải CSV", "Download CSV", "Télécharger CSV"),
    "data.export_xlsx": ("Tải XLSX", "Download XLSX", "Télécharger XLSX"),
    "data.import_header": ("Nhập dữ liệu", "Import", "Import"),
    "data.import_kind": ("Loại bảng", "Table", "Table"),
    "data.kind.models": ("Mô hình", "Models", "Modèles"),
    "data.kind.replications": ("Nhân rộng", "Replications", "Reprises"),
    "data.template": ("Tải mẫu nhập (XLSX)", "Download the import template (XLSX)",
                      "Télécharger le modèle d’import (XLSX)"),
    "data.upload": ("Chọn tệp CSV hoặc XLSX (tối đa {limit} MB)",
                    "Choose a CSV or XLSX file (up to {limit} MB)",
                    "Choisir un fichier CSV ou XLSX ({limit} Mo au plus)"),
    "data.export_import_format": ("Tải theo mẫu nhập (CSV)", "Download in the import format (CSV)",
                                  "Télécharger au format d’import (CSV)"),
    "access.for_editors": ("Đăng nhập (cán bộ cập nhật dữ liệu)", "Sign in (staff who keep the "
                           "records)", "Connexion (personnel chargé des données)"),
    "access.username": ("Tên đăng nhập", "User name", "Nom d’utilisateur"),
    "access.password": ("Mật khẩu", "Password", "Mot de passe"),
    "access.sign_in": ("Đăng nhập", "Sign in", "Se connecter"),
    "access.sign_out": ("Đăng xuất", "Sign out", "Se déconnecter"),
    "access.sso": ("Đăng nhập bằng tài khoản cơ quan", "Sign in with your organisation's account",
                   "Se connecter avec le compte de l’organisation"),
    "access.signed_in": ("Đã đăng nhập: {name} ({role})", "Signed in: {name} ({role})",
                         "Connecté : {name} ({role})"),
    "access.no_users": (
        "Chưa có tài khoản nào. Trên máy chủ, tạo quản trị viên đầu tiên bằng lệnh: "
        "`python -m geo.users add TÊN --role admin --password-stdin` (gõ mật khẩu rồi Enter).",
        "No account exists yet. On the server, create the first administrator with "
        "`python -m geo.users add NAME --role admin --password-stdin` (type the password, then "
        "Enter).",
        "Aucun compte n’existe encore. Sur le serveur, créer le premier administrateur avec "
        "`python -m geo.users add NOM --role admin --password-stdin` (taper le mot de passe, puis "
        "Entrée)."),
    "access.accounts": ("Tài khoản", "Accounts", "Comptes"),
    "access.role": ("Vai trò", "Role", "Rôle"),
    "access.add": ("Thêm tài khoản", "Add the account", "Ajouter le compte"),
    "access.added": ("Đã thêm {name}.", "Added {name}.", "{name} ajouté."),
    "access.disable_who": ("Khóa tài khoản", "Disable an account", "Désactiver un compte"),
    "access.disable": ("Khóa", "Disable", "Désactiver"),
    "access.column.id": ("Số", "No.", "N°"),
    "access.column.username": ("Tên đăng nhập", "User name", "Nom d’utilisateur"),
    "access.column.display_name": ("Tên hiển thị", "Display name", "Nom affiché"),
    "access.column.role": ("Vai trò", "Role", "Rôle"),
    "access.column.created_at": ("Tạo lúc", "Created", "Créé le"),
    "access.column.disabled_at": ("Khóa lúc", "Disabled", "Désactivé le"),
    "access.column.last_sign_in_at": ("Đăng nhập gần nhất", "Last sign-in", "Dernière connexion"),
    "role.viewer": ("người xem", "viewer", "lecteur"),
    "role.editor": ("biên tập", "editor", "éditeur"),
    "role.admin": ("quản trị", "admin", "administrateur"),
    "data.plan_summary": ("{read} dòng: {ok} hợp lệ ({new} mới, {changed} thay đổi, {same} giữ "
                          "nguyên), {bad} có lỗi.",
                          "{read} rows: {ok} valid ({new} new, {changed} changed, {same} "
                          "unchanged), {bad} with errors.",
                          "{read} lignes : {ok} valides ({new} nouvelles, {changed} modifiées, "
                          "{same} inchangées), {bad} en erreur."),
    "data.match_report": ("Khớp tên xã: {report}", "Commune matching: {report}",
                          "Rapprochement des communes : {report}"),
    "data.errors": ("Các dòng có lỗi", "Rows with errors", "Lignes en erreur"),
    "data.review": ("Xác nhận địa bàn", "Confirm places", "Confirmer les lieux"),
    "data.review_choice": ("Dòng {row}: “{value}”", "Row {row}: “{value}”",
                           "Ligne {row} : « {value} »"),
    "data.review_none": ("(chưa chọn)", "(not chosen)", "(non choisi)"),
    "data.changes": ("Các mô hình đã có sẽ thay đổi", "Stored records that would change",
                     "Enregistrements existants qui changeraient"),
    "data.allow_changes": ("Tôi đồng ý ghi đè các thay đổi trên", "I accept the changes above",
                           "J’accepte les modifications ci-dessus"),
    "data.repeat": ("Tệp này đã được nhập lúc {when} (lần nhập {id}).",
                    "This file was already imported at {when} (import {id}).",
                    "Ce fichier a déjà été importé le {when} (import {id})."),
    "data.allow_repeat": ("Vẫn nhập lại", "Import it again anyway", "L’importer quand même"),
    "data.import_all": ("Nhập tất cả hoặc không", "Import all or nothing",
                        "Tout importer ou rien"),
    "data.imported": ("Đã nhập (lần nhập {id}): {new} mới, {changed} thay đổi.",
                      "Imported (import {id}): {new} new, {changed} changed.",
                      "Importé (import {id}) : {new} nouveaux, {changed} modifiés."),
    "data.progress": ("Đang ghi {done}/{total}", "Writing {done}/{total}",
                      "Écriture {done}/{total}"),
    "data.progress_read": ("Đã đọc {n} dòng; đang kiểm tra…", "{n} rows read; checking…",
                           "{n} lignes lues ; vérification…"),
    "data.progress_check": ("Đã kiểm tra {done}/{total} dòng", "Checked {done}/{total} rows",
                            "{done}/{total} lignes vérifiées"),
    "data.sheet": ("Trang tính", "Sheet", "Feuille"),
    "data.encoding": ("Bảng mã của tệp", "The file's encoding", "Encodage du fichier"),
    "data.encoding.None": ("(chọn)", "(choose)", "(choisir)"),
    "data.encoding.cp1258": ("Windows-1258 (tiếng Việt, Windows cũ)",
                             "Windows-1258 (Vietnamese, older Windows)",
                             "Windows-1258 (vietnamien, anciens Windows)"),
    "data.encoding.cp1252": ("Windows-1252 (Tây Âu)", "Windows-1252 (Western European)",
                             "Windows-1252 (Europe de l’Ouest)"),
    "data.encoding.utf-8-replace": ("UTF-8, byte lỗi thay bằng �", "UTF-8, bad bytes shown as �",
                                    "UTF-8, octets invalides remplacés par �"),
    "data.number_format": ("Cách viết số", "Number format", "Format des nombres"),
    "data.number_format.auto": ("Tự nhận biết (hỏi khi không rõ)", "Detect (ask when unclear)",
                                "Détecter (demander si ambigu)"),
    "data.number_format.vi": ("Việt Nam: 1.234,5", "Vietnamese: 1.234,5", "Vietnamien : 1.234,5"),
    "data.number_format.en": ("Anh: 1,234.5", "English: 1,234.5", "Anglais : 1,234.5"),
    "review.written": ("Tên ghi trong tệp", "Written in the file", "Écrit dans le fichier"),
    "review.district": ("Huyện ghi trong tệp", "District written", "District écrit"),
    "review.rows": ("Số dòng", "Rows", "Lignes"),
    "review.reason": ("Lý do", "Reason", "Raison"),
    "review.best": ("Gợi ý đầu", "First candidate", "Premier candidat"),
    "review.score": ("Độ giống", "Similarity", "Similarité"),
    "review.others": ("Ứng viên khác", "Other candidates", "Autres candidats"),
    "review.pick": ("Xem và quyết định cho tên", "Look at and decide for",
                    "Examiner et décider pour"),
    "review.n_rows": ("{n} dòng", "{n} rows", "{n} lignes"),
    "review.choose": ("Đơn vị đúng", "The right unit", "La bonne unité"),
    "review.apply": ("Áp dụng cho {n} dòng", "Apply to {n} rows", "Appliquer à {n} lignes"),
    "review.seen": ("Tôi đã xem danh sách trên", "I have looked at the list above",
                    "J’ai examiné la liste ci-dessus"),
    "review.floor": ("Nhận mọi gợi ý có độ giống từ", "Accept every suggestion scoring at least",
                     "Accepter toute suggestion d’au moins"),
    "review.accept_all": ("Nhận {n} gợi ý có độ giống ≥ {floor}",
                          "Accept the {n} suggestions scoring ≥ {floor}",
                          "Accepter les {n} suggestions ≥ {floor}"),
    "match.exact": ("đúng", "exact", "exact"),
    "match.normalised": ("khớp sau chuẩn hóa", "after normalising", "après normalisation"),
    "match.suggestion": ("gần giống", "similar", "proche"),
    "match.ambiguous": ("nhiều khả năng", "ambiguous", "ambigu"),
    "match.unknown": ("không tìm thấy", "not found", "introuvable"),
    "changes.id": ("Mã", "Id", "Identifiant"),
    "changes.field": ("Cột", "Field", "Champ"),
    "changes.before": ("Trước", "Before", "Avant"),
    "changes.after": ("Sau", "After", "Après"),
    "data.history": ("Lịch sử nhập", "Import history", "Historique des imports"),
    "history.id": ("Lần nhập", "Import", "Import"),
    "history.kind": ("Loại bảng", "Table", "Table"),
    "history.file_name": ("Tệp", "File", "Fichier"),
    "history.rows_read": ("Dòng đọc", "Rows read", "Lignes lues"),
    "history.rows_accepted": ("Dòng nhận", "Accepted", "Acceptées"),
    "history.rows_rejected": ("Dòng lỗi", "Rejected", "Rejetées"),
    "history.rows_changed": ("Bản ghi thay đổi", "Records changed", "Enregistrements modifiés"),
    "history.user_name": ("Người nhập", "User", "Utilisateur"),
    "history.created_at": ("Thời điểm", "When", "Date"),
    "history.undone_at": ("Đã hoàn tác lúc", "Undone at", "Annulé le"),
    "history.undone_by": ("Người hoàn tác", "Undone by", "Annulé par"),
    "data.undo": ("Hoàn tác lần nhập {id}", "Undo import {id}", "Annuler l’import {id}"),
    "data.undone": ("Đã hoàn tác lần nhập {id} ({n} bản ghi).", "Import {id} undone ({n} records).",
                    "Import {id} annulé ({n} enregistrements)."),
    "import.reason.missing": ("thiếu giá trị", "missing value", "valeur manquante"),
    "import.reason.unknown_value": ("giá trị không có trong danh sách: {allowed}",
                                    "value not in the list: {allowed}",
                                    "valeur hors liste : {allowed}"),
    "import.reason.year_range": ("năm ngoài khoảng {first}–{last}", "year outside {first}–{last}",
                                 "année hors de {first}–{last}"),
    "import.reason.year_order": ("trước năm bắt đầu ({year})", "before the year started ({year})",
                                 "avant l’année de début ({year})"),
    "import.reason.typical_year_not_typical": (
        "có năm chọn điển hình nhưng không ghi là điển hình",
        "a typical year is given but the model is not marked typical",
        "année d’exemplarité donnée mais le modèle n’est pas marqué exemplaire"),
    "import.reason.before_model": ("trước năm mô hình bắt đầu ({year})",
                                   "before the model started ({year})",
                                   "avant le début du modèle ({year})"),
    "import.reason.nul_character": ("có ký tự NUL (mã 0), không lưu được",
                                    "contains a NUL character (code 0), which cannot be stored",
                                    "contient un caractère NUL (code 0), impossible à stocker"),
    "import.reason.too_long": ("dài quá {limit} ký tự", "longer than {limit} characters",
                               "plus de {limit} caractères"),
    "import.reason.code_not_integer": ("mã xã phải là số nguyên tối đa 5 chữ số",
                                       "a commune code is a whole number of up to 5 digits",
                                       "un code de commune est un entier de 5 chiffres au plus"),
    "import.reason.ambiguous_number": (
        "không rõ: theo cách viết Việt Nam là {vi}, theo cách viết Anh là {en}; hãy viết rõ hoặc "
        "chọn cách viết số",
        "unclear: {vi} as Vietnamese writes numbers, {en} as English does; write it plainly or "
        "choose the number format",
        "ambigu : {vi} à la vietnamienne, {en} à l’anglaise ; l’écrire sans ambiguïté ou choisir "
        "le format des nombres"),
    "import.reason.not_whole": ("cần số nguyên", "a whole number is needed",
                                "un nombre entier est attendu"),
    "import.reason.negative": ("không được âm", "cannot be negative", "ne peut être négatif"),
    "import.reason.too_small": ("nhỏ hơn {limit}", "below {limit}", "inférieur à {limit}"),
    "import.reason.too_large": ("lớn hơn {limit}", "above {limit}", "supérieur à {limit}"),
    "import.reason.extra_cell": ("ô ngoài các cột có tiêu đề (thừa dấu phân cách?)",
                                 "a cell beyond the headed columns (a stray delimiter?)",
                                 "cellule hors des colonnes titrées (séparateur en trop ?)"),
    "import.reason.formula_no_value": ("công thức chưa có giá trị đã lưu; mở tệp, tính lại và "
                                       "lưu", "a formula with no saved value; open the file, "
                                       "recalculate and save", "formule sans valeur enregistrée ; "
                                       "ouvrir le fichier, recalculer et enregistrer"),
    "import.reason.duplicate_content": (
        "trùng tên, địa bàn và năm với dòng {row}; ghi mã mô hình để giữ cả hai",
        "same name, place and year as row {row}; give them ids to keep both",
        "même nom, lieu et année que la ligne {row} ; leur donner un identifiant pour garder les "
        "deux"),
    "import.notice.unknown_column": (
        "Cột {letter} “{column}” không thuộc mẫu nhập nên sẽ không được nhập{near}.",
        "Column {letter} “{column}” is not a template column and will not be imported{near}.",
        "La colonne {letter} « {column} » n’est pas du modèle et ne sera pas importée{near}."),
    "import.notice.near": (" (có phải “{near}”?)", " (did you mean “{near}”?)",
                           " (vouliez-vous dire « {near} » ?)"),
    "import.notice.no_header": ("Cột {letter} không có tiêu đề; {n} giá trị trong cột sẽ không "
                                "được nhập.", "Column {letter} has no header; its {n} values will "
                                "not be imported.", "La colonne {letter} n’a pas de titre ; ses "
                                "{n} valeurs ne seront pas importées."),
    "import.notice.likely_duplicate": (
        "Có thể trùng mô hình (cùng tên và địa bàn): dòng {rows}; mã {ids}.",
        "Possibly the same model twice (same name and place): rows {rows}; ids {ids}.",
        "Peut-être le même modèle deux fois (même nom et lieu) : lignes {rows} ; identifiants "
        "{ids}."),
    "import.notice.replaces_demo": (
        "Nhập tệp này sẽ thay thế toàn bộ dữ liệu minh họa (có thể hoàn tác).",
        "Importing this file replaces all the illustrative data (can be undone).",
        "Importer ce fichier remplace toutes les données illustratives (annulable)."),
    "import.reason.commune_unknown": ("không tìm thấy xã", "commune not found",
                                      "commune introuvable"),
    "import.reason.commune_ambiguous": ("tên xã khớp nhiều đơn vị", "name fits several communes",
                                        "nom ambigu (plusieurs communes)"),
    "import.reason.commune_suggestion": ("tên xã gần giống, cần xác nhận",
                                         "similar name, needs confirming",
                                         "nom proche, à confirmer"),
    "import.reason.commune_required": ("mô hình cấp xã cần có xã", "a commune is needed",
                                       "une commune est requise"),
    "import.reason.district_unknown": ("không tìm thấy huyện", "district not found",
                                       "district introuvable"),
    "import.reason.duplicate_id": ("trùng mã với dòng {row}", "same id as row {row}",
                                   "même identifiant que la ligne {row}"),
    "import.reason.not_a_number": ("không phải số", "not a number", "pas un nombre"),
    "import.reason.not_a_bool": ("cần Có hoặc Không", "expected yes or no", "oui ou non attendu"),
    "import.reason.unknown_model": ("mã mô hình chưa có", "unknown model id",
                                    "identifiant de modèle inconnu"),
    "errors.row": ("Dòng", "Row", "Ligne"),
    "errors.column": ("Cột", "Column", "Colonne"),
    "errors.value": ("Giá trị", "Value", "Valeur"),
    "errors.reason": ("Lý do", "Reason", "Raison"),
    "errors.detail": ("Chi tiết", "Detail", "Détail"),
    "error.generic": ("Có lỗi: {message}", "Error: {message}", "Erreur : {message}"),
    "error.layer_missing": ("Thiếu lớp ranh giới {path}; chạy `python -m geo.build`.",
                            "Boundary layer {path} is missing; run `python -m geo.build`.",
                            "Couche de limites {path} absente ; lancer `python -m geo.build`."),
    "error.import_file": ("Không đọc được tệp: {message}", "Cannot read the file: {message}",
                          "Fichier illisible : {message}"),
    "error.encoding_choice": (
        "Tệp không phải UTF-8 (dòng {line}, byte {byte}). Hãy chọn bảng mã của tệp bên dưới; "
        "xem trước để chắc chữ hiển thị đúng.",
        "The file is not UTF-8 (line {line}, byte {byte}). Choose its encoding below; check "
        "the preview shows the text right.",
        "Le fichier n’est pas en UTF-8 (ligne {line}, octet {byte}). Choisir son encodage "
        "ci-dessous ; vérifier l’aperçu."),
    "error.export": ("Không xuất XLSX được: cột “{column}”, dòng {row} dài hơn {limit} ký tự mà "
                     "một ô XLSX chứa được. Hãy tải CSV để giữ nguyên văn bản.",
                     "Cannot export XLSX: column “{column}”, row {row} is longer than the {limit} "
                     "characters an XLSX cell holds. Download CSV to keep the whole text.",
                     "Export XLSX impossible : colonne « {column} », ligne {row} dépasse les "
                     "{limit} caractères d’une cellule XLSX. Télécharger le CSV pour garder tout "
                     "le texte."),
    "error.permission": ("Bạn không có quyền làm việc này (cần vai trò {role}).",
                         "You may not do this (it needs the {role} role).",
                         "Vous n’avez pas le droit de faire cela (rôle {role} requis)."),
    "error.sign_in": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password.",
                      "Nom d’utilisateur ou mot de passe incorrect."),
    "error.throttled": ("Đăng nhập sai quá nhiều lần. Hãy thử lại sau {seconds} giây.",
                        "Too many failed sign-ins. Try again in {seconds} seconds.",
                        "Trop d’échecs de connexion. Réessayer dans {seconds} secondes."),
    "error.user": ("Không thực hiện được: {message}", "Cannot do this: {message}",
                   "Impossible : {message}"),
    "error.upload_size": ("Tệp lớn {size} MB, vượt giới hạn {limit} MB cho một bảng tính.",
                          "The file is {size} MB, over the {limit} MB limit for a spreadsheet.",
                          "Le fichier fait {size} Mo, au-delà de la limite de {limit} Mo."),
    "error.import_empty": ("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu: không có gì để nhập.",
                           "The file has a header but no data rows: nothing to import.",
                           "Le fichier n’a qu’une ligne de titres, aucune donnée : rien à "
                           "importer."),
    "error.import_rejected": ("Không nhập gì: {rows} dòng có lỗi hoặc thay đổi chưa xác nhận.",
                              "Nothing imported: {rows} rows have errors or unconfirmed changes.",
                              "Rien importé : {rows} lignes en erreur ou modifications non "
                              "confirmées."),
    "error.duplicate_import": ("Tệp đã được nhập (lần nhập {import_id}).",
                               "The file was already imported (import {import_id}).",
                               "Fichier déjà importé (import {import_id})."),
    "error.undo": ("Không hoàn tác được: {message}", "Cannot undo: {message}",
                   "Annulation impossible : {message}"),
    "error.store": ("Không mở được cơ sở dữ liệu: {message}", "Cannot open the database: {message}",
                    "Base de données inaccessible : {message}"),
    # domains
    "domains.leading_title": ("Lĩnh vực dẫn đầu của mỗi đơn vị", "Leading domain of each unit",
                              "Domaine principal de chaque unité"),
    "domains.multiples": ("Từng lĩnh vực, cùng một thang màu", "Each domain, on one shared scale",
                          "Chaque domaine, sur une échelle commune"),
    "domains.table": ("Huyện × lĩnh vực", "District × domain", "District × domaine"),
    "domains.share": ("tỷ lệ", "share", "part"),
    "domains.total": ("Tổng", "Total", "Total"),
    # replication
    "replication.choose": ("Mô hình điển hình", "Typical model", "Modèle exemplaire"),
    "replication.all": ("Tất cả mô hình điển hình", "All typical models",
                        "Tous les modèles exemplaires"),
    "replication.none": ("Không có mô hình điển hình nào theo bộ lọc.",
                         "No typical model matches the filters.",
                         "Aucun modèle exemplaire ne correspond aux filtres."),
    "replication.adoptions": ("Lượt nhân rộng", "Adoptions", "Reprises"),
    "replication.communes": ("Xã làm theo", "Adopting communes", "Communes adoptantes"),
    "replication.districts": ("Huyện có xã làm theo", "Districts reached", "Districts atteints"),
    "replication.median_km": ("Khoảng cách trung vị", "Median distance", "Distance médiane"),
    "replication.max_km": ("Khoảng cách xa nhất", "Longest distance", "Distance maximale"),
    "replication.share": ("Tỷ lệ xã của tỉnh", "Share of the province's communes",
                          "Part des communes de la province"),
    "replication.as_2025_note": ("{n} lượt ghi theo đơn vị sau 1-7-2025 (gồm nhiều xã cũ): vẽ nét "
                                 "đứt trên bản đồ xã, không tính vào số xã.",
                                 "{n} adoptions recorded as units of 1-7-2025 (covering several "
                                 "former communes): dashed on the commune map, not counted as "
                                 "communes.",
                                 "{n} reprises enregistrées comme unités du 1-7-2025 (couvrant "
                                 "plusieurs anciennes communes) : en pointillé sur la carte des "
                                 "communes, non comptées comme communes."),
    "replication.per_year": ("Lượt nhân rộng theo năm", "Adoptions per year", "Reprises par année"),
    "replication.cumulative": ("Lũy kế", "Cumulative", "Cumul"),
    "replication.ranking": ("Xếp hạng theo mức lan tỏa", "Ranking by reach",
                            "Classement par diffusion"),
    "replication.legend": ("Nhân rộng", "Replication", "Diffusion"),
    "replication.origin": ("Nơi khởi nguồn", "Origin", "Origine"),
    "replication.as_2025": ("Nhân rộng ở đơn vị 2025", "Adopted as the 2025 unit",
                            "Adopté comme unité 2025"),
    "replication.as_2025_legend": ("Nét đứt: ghi theo đơn vị 2025", "Dashed: recorded as a 2025 unit",
                                   "Pointillé : enregistré comme unité 2025"),
    "replication.play": ("Chạy", "Play", "Lecture"),
    "replication.pause": ("Dừng", "Pause", "Pause"),
    "replication.reached_approx": (" (+{m} qua đơn vị 2025)", " (+{m} through 2025 units)",
                                   " (+{m} via des unités 2025)"),
    "replication.year": ("Năm nhân rộng", "Year adopted", "Année de reprise"),
    "replication.flow": ("Lượt nhân rộng", "Adoptions", "Reprises"),
    "replication.flows_gathered": (
        "Nhiều mô hình: mỗi đường nối hai huyện, càng đậm càng nhiều lượt nhân rộng (rê chuột để "
        "xem số); chọn một mô hình để xem từng xã.",
        "Several models: each line joins two districts, the wider the more adoptions (hover for "
        "the number); choose one model to see each commune.",
        "Plusieurs modèles : chaque ligne relie deux districts, d’autant plus épaisse qu’il y a de "
        "reprises (survoler pour le nombre) ; choisir un modèle pour voir chaque commune."),
    "replication.no_adoption": ("Chưa có lượt nhân rộng nào cho lựa chọn này.",
                                "No adoption yet for this choice.",
                                "Aucune reprise pour ce choix."),
    "replication.km": ("{km} km", "{km} km", "{km} km"),
    # about
    "about.body": (
        "**Tổng quan**: bản đồ mật độ mô hình theo địa giới chọn, với số mô hình, số trên 10.000 "
        "dân (dân số điều tra 2019; với đơn vị 2025 là dân số dùng khi sắp xếp) hoặc trên 100 km² "
        "(diện tích đo trên phép chiếu đồng diện tích). Các lớp màu chia theo phân vị, ngắt tự "
        "nhiên hoặc khoảng đều trên các đơn vị có mô hình; đơn vị không có mô hình tô xám.\n\n"
        "**Lĩnh vực**: lĩnh vực dẫn đầu mỗi đơn vị (hỗn hợp khi không lĩnh vực nào đạt 40%).\n\n"
        "**Nhân rộng**: các xã làm theo {typical} mô hình điển hình.\n\n"
        "**Chỉ tiêu**: đơn vị nào đạt chỉ tiêu của tỉnh (mô hình mới, chọn điển hình, nhân rộng) "
        "theo năm; cơ quan cấp tỉnh theo giai đoạn 2025–2030.\n\n"
        "**Dữ liệu**: tìm, nhập, xuất, hoàn tác; chỉ tiêu.\n\n"
        "Mỗi mô hình gắn với mã xã theo địa giới của năm nó bắt đầu; ứng dụng chuyển sang địa giới "
        "đang xem qua bảng tương ứng các thời kỳ. Mô hình không đặt được một-một lên địa giới đó "
        "được đếm và nêu rõ, không bị bỏ.",
        "**Overview**: density of models on the chosen geography, as a count, per 10,000 "
        "residents (2019 census; for 2025 units the population used in the reform) or per 100 "
        "km² (areas measured in an equal-area projection). Classes are quantiles, natural breaks "
        "or equal intervals over the units that have models; units with none are grey.\n\n"
        "**Domains**: each unit's leading domain (mixed when none reaches 40%).\n\n"
        "**Replication**: the communes that copied the {typical} typical models.\n\n"
        "**Targets**: which units met the province's targets (new models, typical ones chosen, "
        "replications) each year; provincial agencies over 2025–2030.\n\n"
        "**Data**: search, import, export, undo; the targets.\n\n"
        "Each model carries the commune code of the boundaries of the year it started; the app "
        "moves it to the geography shown through the table of eras. A model that cannot be "
        "placed one-to-one there is counted and said, never dropped.",
        "**Vue d’ensemble** : densité des modèles sur le découpage choisi, en nombre, pour 10 000 "
        "habitants (recensement 2019 ; pour les unités 2025, la population de la réforme) ou pour "
        "100 km² (surfaces en projection équivalente). Classes en quantiles, seuils naturels ou "
        "intervalles égaux sur les unités ayant des modèles ; les autres sont en gris.\n\n"
        "**Domaines** : domaine principal de chaque unité (mixte si aucun n’atteint 40 %).\n\n"
        "**Diffusion** : les communes qui ont repris les {typical} modèles exemplaires.\n\n"
        "**Objectifs** : quelles unités ont atteint les objectifs de la province (nouveaux "
        "modèles, modèles exemplaires choisis, reprises) chaque année ; organismes provinciaux sur "
        "2025–2030.\n\n"
        "**Données** : recherche, import, export, annulation ; les objectifs.\n\n"
        "Chaque modèle porte le code de commune du découpage de son année de début ; l’application "
        "le place sur le découpage affiché grâce à la table des époques. Un modèle qui ne peut y "
        "être placé de façon unique est compté et signalé, jamais écarté."),
    "about.sources": ("Nguồn dữ liệu và giấy phép", "Sources and licences", "Sources et licences"),
    "about.sources_body": (
        "- **Ranh giới xã 2020–2024**: gói censusVN2009 (giấy phép MIT), từ cơ sở dữ liệu địa lý "
        "1:250.000 của Nhà nước, ghép với mã xã của Tổng cục Thống kê.\n"
        "- **Ranh giới xã, phường từ 1-7-2025**: vietnamese-provinces-database (MIT), theo bản đồ "
        "sắp xếp đơn vị hành chính năm 2025.\n"
        "- **Mã và thay đổi đơn vị hành chính, dân số 2019**: Tổng cục Thống kê (số liệu chính "
        "thức); bảng tương ứng các thời kỳ từ gói vietnamadminunits (MIT).\n"
        "- **Mô hình**: do Ban Dân vận nhập ở trang Dữ liệu; khi chưa nhập, ứng dụng hiện dữ liệu "
        "minh họa, không phải số liệu thật.",
        "- **Commune boundaries 2020–2024**: the censusVN2009 package (MIT licence), from the "
        "government's 1:250,000 geodatabase, joined to the Statistics Office's commune codes.\n"
        "- **Commune and ward boundaries from 1-7-2025**: vietnamese-provinces-database (MIT), "
        "after the reference map of the 2025 arrangement.\n"
        "- **Codes and changes of administrative units, 2019 population**: General Statistics "
        "Office of Viet Nam (official statistics); the table of eras from the vietnamadminunits "
        "package (MIT).\n"
        "- **Models**: entered by the mass mobilization committee on the Data page; until then the "
        "app shows illustrative data, not real records.",
        "- **Limites des communes 2020–2024** : paquet censusVN2009 (licence MIT), d’après la base "
        "géographique publique au 1/250 000, jointe aux codes de l’Office des statistiques.\n"
        "- **Limites des communes et quartiers depuis le 1-7-2025** : vietnamese-provinces-database "
        "(MIT), d’après la carte de référence de la réorganisation de 2025.\n"
        "- **Codes et changements des unités administratives, population 2019** : Office général "
        "des statistiques du Viet Nam (statistiques officielles) ; table des époques du paquet "
        "vietnamadminunits (MIT).\n"
        "- **Modèles** : saisis par le comité de mobilisation de masse dans la page Données ; "
        "d’ici là, l’application montre des données illustratives, non réelles."),
    # targets
    "page.targets": ("Chỉ tiêu", "Targets", "Objectifs"),
    "data.kind.targets": ("Chỉ tiêu", "Targets", "Objectifs"),
    "targets.year": ("Năm", "Year", "Année"),
    "targets.level": ("Cấp", "Level", "Niveau"),
    "targets.all_models": (
        "Chỉ tiêu tính trên mọi mô hình trong dữ liệu, không theo bộ lọc ở thanh bên.",
        "Targets count every model in the data, whatever the sidebar filters say.",
        "Les objectifs comptent tous les modèles, quels que soient les filtres latéraux."),
    "targets.eras": (
        "Cấp huyện có đến 30-6-2025 (18 huyện đến năm 2024; 17 huyện năm 2025, khi Nông Sơn nhập "
        "vào Quế Sơn); từ 1-7-2025 là 78 xã, phường. Năm 2025, mô hình mới và lượt nhân rộng tính "
        "cho huyện nếu ghi mã xã thời kỳ 2025a, cho xã/phường nếu ghi mã 2025b; mô hình được chọn "
        "điển hình năm 2025 tính cho cả hai.",
        "Districts existed until 30-6-2025 (18 until 2024; 17 in 2025, when Nông Sơn joined Quế "
        "Sơn); from 1-7-2025 there are 78 communes and wards. In 2025 a new model or replication "
        "counts for the district if its commune code is of era 2025a, for the commune or ward if "
        "of 2025b; a model chosen as typical in 2025 counts for both.",
        "Les districts ont existé jusqu’au 30-6-2025 (18 jusqu’en 2024 ; 17 en 2025, Nông Sơn "
        "ayant rejoint Quế Sơn) ; depuis le 1-7-2025, 78 communes et quartiers. En 2025, un "
        "nouveau modèle ou une reprise compte pour le district si son code de commune est de "
        "l’époque 2025a, pour la commune ou le quartier s’il est de 2025b ; un modèle choisi comme "
        "exemplaire en 2025 compte pour les deux."),
    "targets.rule": ("Chỉ tiêu {level}, {cadence} {period}: {minimums}.",
                     "Target for {level}, {cadence} {period}: {minimums}.",
                     "Objectif {level}, {cadence} {period} : {minimums}."),
    "targets.rule_source": ("Căn cứ: {note}", "Basis: {note}", "Fondement : {note}"),
    "targets.no_rule": (
        "Chưa có chỉ tiêu cho {level} năm {year}: mọi đơn vị ghi “Không có chỉ tiêu”. Người biên "
        "tập thêm chỉ tiêu ở trang Dữ liệu.",
        "No target for {level} in {year}: every unit shows “No target”. Editors add targets on "
        "the Data page.",
        "Aucun objectif pour {level} en {year} : chaque unité affiche « Pas d’objectif ». Les "
        "éditeurs ajoutent des objectifs dans la page Données."),
    "targets.no_units": (
        "Năm {year} không còn cấp huyện (bỏ từ 1-7-2025); chọn cấp xã, phường.",
        "There were no districts in {year} (abolished on 1-7-2025); choose communes and wards.",
        "Plus de districts en {year} (supprimés le 1-7-2025) ; choisissez communes et quartiers."),
    "targets.minimum": ("≥ {n} {what}", "≥ {n} {what}", "≥ {n} {what}"),
    "targets.measure.new": ("mô hình mới", "new models", "nouveaux modèles"),
    "targets.measure.typical": ("mô hình chọn điển hình", "typical models chosen",
                                "modèles exemplaires choisis"),
    "targets.measure.replications": ("lượt nhân rộng", "replications started",
                                     "reprises lancées"),
    "targets.met_label": ("Đơn vị đạt chỉ tiêu năm {year}", "Units meeting the target in {year}",
                          "Unités ayant atteint l’objectif en {year}"),
    "targets.map_title": ("Thực hiện chỉ tiêu", "Target status", "Atteinte des objectifs"),
    "targets.status.met": ("Đạt", "Met", "Atteint"),
    "targets.status.partly": ("Đạt một phần", "Partly met", "Partiellement atteint"),
    "targets.status.not_met": ("Chưa đạt", "Not met", "Non atteint"),
    "targets.status.no_target": ("Không có chỉ tiêu", "No target", "Pas d’objectif"),
    "targets.open": ("giai đoạn đến {year}, chưa kết thúc", "period runs to {year}",
                     "période jusqu’en {year}, en cours"),
    "targets.column.unit": ("Đơn vị", "Unit", "Unité"),
    "targets.column.status": ("Kết quả", "Status", "Statut"),
    "targets.column.done": ("{what}: đã có", "{what}: done", "{what} : réalisé"),
    "targets.column.target": ("{what}: chỉ tiêu", "{what}: target", "{what} : objectif"),
    "targets.column.gap": ("{what}: còn thiếu", "{what}: missing", "{what} : manquant"),
    "targets.tooltip.measure": ("{done} / chỉ tiêu {target}", "{done} / target {target}",
                                "{done} / objectif {target}"),
    "targets.trend": ("Tỉ lệ đơn vị đạt chỉ tiêu theo năm", "Share of units meeting the target, "
                      "by year", "Part des unités atteignant l’objectif, par année"),
    "targets.share": ("Tỉ lệ đạt (%)", "Share met (%)", "Part atteinte (%)"),
    "targets.trend_none": ("Chưa có chỉ tiêu hằng năm cho cấp này.",
                           "No yearly target for this level yet.",
                           "Pas encore d’objectif annuel pour ce niveau."),
    "targets.agencies": ("Cơ quan cấp tỉnh", "Provincial agencies", "Organismes provinciaux"),
    "targets.agencies_none": (
        "Chưa có mô hình nào ghi tên cơ quan cấp tỉnh (cột “Cơ quan cấp tỉnh xây dựng”).",
        "No model names a provincial agency yet (column “Cơ quan cấp tỉnh xây dựng”).",
        "Aucun modèle ne nomme encore d’organisme provincial (colonne « Cơ quan cấp tỉnh xây "
        "dựng »)."),
    "targets.rules_header": ("Chỉ tiêu", "Targets", "Objectifs"),
    "targets.rules_help": (
        "Sửa, thêm hoặc xóa dòng rồi bấm Lưu. Mỗi lần lưu được ghi vào lịch sử nhập và hoàn tác "
        "được. Hai chỉ tiêu cùng cấp không được trùng năm.",
        "Edit, add or delete rows, then Save. Each save is written to the import history and can "
        "be undone. Two targets of one level may not share a year.",
        "Modifiez, ajoutez ou supprimez des lignes, puis Enregistrez. Chaque enregistrement entre "
        "dans l’historique des imports et peut être annulé. Deux objectifs d’un même niveau ne "
        "peuvent partager une année."),
    "targets.save": ("Lưu chỉ tiêu", "Save targets", "Enregistrer les objectifs"),
    "targets.saved": ("Đã lưu chỉ tiêu (lần nhập số {id}).", "Targets saved (import {id}).",
                      "Objectifs enregistrés (import {id})."),
    "targets.unchanged": ("Chỉ tiêu không thay đổi.", "The targets did not change.",
                          "Les objectifs n’ont pas changé."),
    "targets.export": ("Tải chỉ tiêu (mẫu nhập)", "Download targets (import format)",
                       "Télécharger les objectifs (format d’import)"),
    "import.reason.period_order": ("trước “Từ năm” ({year})", "before the first year ({year})",
                                   "avant la première année ({year})"),
    "import.reason.no_districts_then": (
        "cấp huyện chỉ có đến năm {year} (bỏ từ 1-7-2025)",
        "districts existed only until {year} (abolished on 1-7-2025)",
        "les districts n’ont existé que jusqu’en {year} (supprimés le 1-7-2025)"),
    "import.reason.no_minimum": ("chỉ tiêu cần ít nhất một số tối thiểu",
                                 "a target needs at least one minimum",
                                 "un objectif exige au moins un minimum"),
    "import.reason.overlapping_rule": (
        "trùng năm với chỉ tiêu cùng cấp {period} ở dòng {row}",
        "shares years with the target of the same level for {period} in row {row}",
        "recoupe l’objectif du même niveau pour {period} à la ligne {row}"),
    "import.reason.overlapping_stored_rule": (
        "trùng năm với chỉ tiêu cùng cấp đã lưu {period}; sửa hoặc xóa chỉ tiêu đó trước",
        "shares years with the stored target of the same level for {period}; change or delete "
        "that one first",
        "recoupe l’objectif enregistré du même niveau pour {period} ; modifiez-le ou "
        "supprimez-le d’abord"),
    "import.reason.duplicate_rule": ("trùng cấp và giai đoạn với dòng {row}",
                                     "same level and period as row {row}",
                                     "même niveau et période que la ligne {row}"),
    # presenting: titles in words, cards, files
    "present.bad_query": ("Tham số lọc không hợp lệ: {items}", "Invalid filter parameters: {items}",
                          "Paramètres de filtre invalides : {items}"),
    "present.unknown_view": ("Không có trang “{view}”; các trang: {views}",
                             "There is no view “{view}”; views: {views}",
                             "Aucune vue « {view} » ; vues : {views}"),
    "present.unsupported": ("Trang {view} không xuất được dạng {format}; các dạng được: {formats}",
                            "The {view} view cannot be exported as {format}; it can be: {formats}",
                            "La vue {view} ne s’exporte pas en {format} ; formats possibles : "
                            "{formats}"),
    "present.export": ("Xuất", "Export", "Exporter"),
    "present.export_as": ("Tải {format}", "Download {format}", "Télécharger {format}"),
    "present.present": ("Trình chiếu", "Present", "Présenter"),
    "present.slide": ("Trang {n}/{total}", "Slide {n} of {total}", "Diapositive {n}/{total}"),
    "present.previous": ("Trang trước", "Previous slide", "Diapositive précédente"),
    "present.next": ("Trang sau", "Next slide", "Diapositive suivante"),
    "present.keys": ("←/→, PageUp/PageDown: chuyển trang; phím cách: tự chạy/dừng",
                     "←/→, PageUp/PageDown: change slide; space: play/pause",
                     "←/→, PageUp/PageDown : changer de diapositive ; espace : lecture/pause"),
    "present.bad_deck": ("Bỏ qua trang không hợp lệ trong danh sách trình chiếu: {items}",
                         "Ignored invalid slides in the deck: {items}",
                         "Diapositives invalides ignorées : {items}"),
    "present.timelapse_short": ("từng năm", "year by year", "année par année"),
    "present.view.overview": ("bản đồ mật độ", "density map", "carte de densité"),
    "present.view.domains": ("lĩnh vực dẫn đầu", "leading domain", "domaine principal"),
    "present.view.replication": ("nhân rộng", "replication", "diffusion"),
    "present.view.typical": ("thẻ mô hình điển hình", "typical-model cards",
                             "fiches des modèles exemplaires"),
    "present.view.timelapse": ("từng năm", "year by year", "année par année"),
    "present.view.briefing": ("báo cáo nhanh", "briefing", "note de synthèse"),
    "present.and": (" và ", " and ", " et "),
    "present.models": ("Mô hình “Dân vận khéo”", "“Skilled mass mobilization” models",
                       "Modèles « Mobilisation de masse habile »"),
    "present.typical_models": ("Mô hình “Dân vận khéo” điển hình",
                               "Typical “Skilled mass mobilization” models",
                               "Modèles exemplaires « Mobilisation de masse habile »"),
    "present.in_domains": ("lĩnh vực {domains}", "in {domains}", "du domaine {domains}"),
    "present.by_units": ("do {units} thực hiện", "by {units}", "menés par {units}"),
    "present.by_communes": ("theo xã", "by commune", "par commune"),
    "present.by_districts": ("theo huyện", "by district", "par district"),
    "present.by_units_2025": ("theo xã, phường từ 1-7-2025", "by commune or ward from 1-7-2025",
                              "par commune ou quartier depuis le 1-7-2025"),
    "present.made": ("Lập ngày {date}", "Made on {date}", "Établi le {date}"),
    "present.leading": ("Lĩnh vực dẫn đầu", "Leading domain", "Domaine principal"),
    "present.replication": ("Nhân rộng: {title}", "Replication: {title}", "Diffusion : {title}"),
    "present.timelapse": ("Mô hình cộng dồn đến năm {year}", "Models up to {year}",
                          "Modèles cumulés jusqu’en {year}"),
    "present.frame_count": ("{n} mô hình", "{n} models", "{n} modèles"),
    "present.north": ("B", "N", "N"),
    "present.briefing": ("Báo cáo nhanh", "Briefing", "Note de synthèse"),
    "present.key_figures": ("Số liệu chính", "Key figures", "Chiffres clés"),
    "present.domain_table": ("Huyện × lĩnh vực", "District × domain", "District × domaine"),
    "present.domain_maps": ("Bốn lĩnh vực, cùng thang màu", "The four domains, one scale",
                            "Les quatre domaines, une même échelle"),
    "present.notes": ("Nguồn dữ liệu: {source}. Lần nhập gần nhất: {imported}. Bộ lọc: {filters}.",
                      "Data source: {source}. Last import: {imported}. Filters: {filters}.",
                      "Source des données : {source}. Dernier import : {imported}. Filtres : "
                      "{filters}."),
    "present.source_demo": ("dữ liệu minh họa (geo.demo), không phải số liệu thật",
                            "illustrative data (geo.demo), not real records",
                            "données illustratives (geo.demo), pas de données réelles"),
    "present.source_store": ("kho dữ liệu mô hình của Ban Dân vận (nhập ở trang Dữ liệu)",
                             "the models store of the Mass Mobilization Commission (Data page "
                             "imports)",
                             "la base des modèles de la Commission de mobilisation (imports de "
                             "la page Données)"),
    "present.never": ("chưa có", "none", "aucun"),
    "present.live": ("Xem trực tiếp", "Live view", "Vue en direct"),
    "present.no_typical": ("Không có mô hình điển hình nào theo bộ lọc.",
                           "No typical model matches the filters.",
                           "Aucun modèle exemplaire ne correspond aux filtres."),
    "card.started": ("Bắt đầu", "Started", "Début"),
    "card.year_recognised": ("Công nhận", "Recognised", "Reconnu"),
    "card.typical_year": ("Chọn điển hình", "Chosen as typical", "Choisi comme exemplaire"),
    "card.unit": ("Đơn vị thực hiện", "Implementing unit", "Unité de mise en œuvre"),
    "card.place": ("Địa bàn", "Place", "Lieu"),
    "card.unit_2025": ("Nay thuộc", "Now part of", "Aujourd’hui dans"),
    "card.results": ("Kết quả", "Results", "Résultats"),
    "card.reach": ("{communes} xã làm theo ở {districts} huyện; xa nhất {km} km",
                   "{communes} communes in {districts} districts adopted it; furthest {km} km",
                   "{communes} communes dans {districts} districts l’ont repris ; la plus "
                   "éloignée à {km} km"),
    "card.result.households": ("{n} hộ tham gia", "{n} households", "{n} ménages"),
    "card.result.members": ("{n} thành viên", "{n} members", "{n} membres"),
    "card.result.result_vnd": ("{n} đồng", "{n} VND", "{n} VND"),
    "card.result.result_ha": ("{n} ha", "{n} ha", "{n} ha"),
    "card.result.result_houses": ("{n} nhà", "{n} houses", "{n} maisons"),
    "card.result.result_road_km": ("{n} km đường", "{n} km of road", "{n} km de route"),
    "card.result.result_cases": ("{n} vụ việc", "{n} cases", "{n} affaires"),
}


# Texts with a number in them, one form per CLDR plural category of each language (Babel's
# rules): Vietnamese has one form, English "one"/"other", French "one"/"many"/"other".
PLURALS: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str]]] = {
    "data.import_valid": (
        {"one": "Nhập {n} dòng hợp lệ", "other": "Nhập {n} dòng hợp lệ"},
        {"one": "Import the valid row", "other": "Import the {n} valid rows"},
        {"one": "Importer la ligne valide", "many": "Importer les {n} lignes valides",
         "other": "Importer les {n} lignes valides"}),
    "replication.reached.communes": (
        {"one": "{year} · {n} xã đã làm theo", "other": "{year} · {n} xã đã làm theo"},
        {"one": "{year} · {n} commune adopting", "other": "{year} · {n} communes adopting"},
        {"one": "{year} · {n} commune adoptante", "many": "{year} · {n} communes adoptantes",
         "other": "{year} · {n} communes adoptantes"}),
    "replication.reached.districts": (
        {"one": "{year} · {n} huyện có xã làm theo", "other": "{year} · {n} huyện có xã làm theo"},
        {"one": "{year} · {n} district reached", "other": "{year} · {n} districts reached"},
        {"one": "{year} · {n} district atteint", "many": "{year} · {n} districts atteints",
         "other": "{year} · {n} districts atteints"}),
    "replication.reached.units_2025": (
        {"one": "{year} · {n} xã/phường đã làm theo",
         "other": "{year} · {n} xã/phường đã làm theo"},
        {"one": "{year} · {n} unit adopting", "other": "{year} · {n} units adopting"},
        {"one": "{year} · {n} unité adoptante", "many": "{year} · {n} unités adoptantes",
         "other": "{year} · {n} unités adoptantes"}),
}


def tn(key: str, n: int, lang: str = "vi", **values: object) -> str:
    """The plural form of `key` for the number `n` in `lang`, `n` written as `lang` writes it."""
    forms = PLURALS[key][tuple(LANGUAGES).index(lang)]
    form = Locale.parse(LOCALES[lang]).plural_form(n)
    return forms.get(form, forms["other"]).format(n=number(n, lang), **values)


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The catalog text for `key` in `lang`, with `values` filled in."""
    text = CATALOG[key][tuple(LANGUAGES).index(lang)]
    return text.format(**values) if values else text


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number as the language writes it: 1.234,5 (vi), 1,234.5 (en), 1 234,5 (fr)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(share: float, lang: str) -> str:
    return number(share * 100, lang, 1) + ("\u00a0%" if lang == "fr" else "%")


def domain_label(key: str, lang: str) -> str:
    if key == "mixed":
        return t("legend.mixed", lang)
    return vocab.label(vocab.DOMAINS, key, lang)
