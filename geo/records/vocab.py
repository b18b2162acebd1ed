"""The fixed vocabularies of a model record, each value with its labels in vi / en / fr."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from geo.boundaries import names

_SPELLINGS: dict[int, dict[str, str]] = {}

DOMAINS = {
    "kinh_te": ("Kinh tế", "Economy", "Économie"),
    "van_hoa_xa_hoi": ("Văn hóa – xã hội", "Culture and society", "Culture et société"),
    "quoc_phong_an_ninh": ("Quốc phòng – an ninh", "Defence and security", "Défense et sécurité"),
    "xay_dung_he_thong_chinh_tri": ("Xây dựng hệ thống chính trị", "Building the political system",
                                    "Construction du système politique"),
    "unclassified": ("Chưa phân loại", "Unclassified", "Non classé"),
}
DOMAIN_KEYS = tuple(k for k in DOMAINS if k != "unclassified")

UNITS = {
    "khoi_dan_van": ("Khối dân vận xã", "Commune mass mobilization bloc", "Bloc de mobilisation"),
    "mttq": ("Ủy ban MTTQ", "Fatherland Front committee", "Comité du Front de la patrie"),
    "hoi_nong_dan": ("Hội Nông dân", "Farmers' union", "Union des paysans"),
    "hoi_lhpn": ("Hội LHPN", "Women's union", "Union des femmes"),
    "doan_thanh_nien": ("Đoàn Thanh niên", "Youth union", "Union de la jeunesse"),
    "hoi_ccb": ("Hội Cựu chiến binh", "Veterans' association", "Association des anciens combattants"),
    "dang_uy": ("Đảng ủy / Chi bộ", "Party committee / cell", "Comité / cellule du Parti"),
    "cong_an": ("Công an xã", "Commune police", "Police communale"),
    "quan_su": ("Quân sự", "Military command", "Commandement militaire"),
    "ubnd": ("UBND", "People's Committee", "Comité populaire"),
    "co_quan_tinh": ("Cơ quan cấp tỉnh", "Provincial agency", "Organisme provincial"),
    "truong_hoc": ("Trường học", "School", "École"),
    "khac": ("Khác", "Other", "Autre"),
}
LEVELS = {"tinh": ("Tỉnh", "Province", "Province"), "huyen": ("Huyện", "District", "District"),
          "xa": ("Xã", "Commune", "Commune")}
KINDS = {"tap_the": ("Tập thể", "Collective", "Collectif"),
         "ca_nhan": ("Cá nhân", "Individual", "Individuel")}
STATUSES = {"dang_ky": ("Đăng ký", "Registered", "Enregistré"),
            "cong_nhan": ("Được công nhận", "Recognised", "Reconnu"),
            "duy_tri": ("Đang duy trì", "Continuing", "En cours"),
            "dung": ("Đã dừng", "Stopped", "Arrêté")}
# Whom a target rule binds: districts existed until 30-6-2025, the 78 communes and wards after.
TARGET_LEVELS = {"district": ("Cấp huyện (đến 30-6-2025)", "District (until 30-6-2025)",
                              "District (jusqu'au 30-6-2025)"),
                 "commune": ("Xã, phường (từ 1-7-2025)", "Commune or ward (from 1-7-2025)",
                             "Commune ou quartier (dès le 1-7-2025)"),
                 "agency": ("Cơ quan cấp tỉnh", "Provincial agency", "Organisme provincial")}
CADENCES = {"year": ("Mỗi năm", "Each year", "Chaque année"),
            "period": ("Cả giai đoạn", "Whole period", "Toute la période")}
YES_NO = {"yes": ("Có", "Yes", "Oui"), "no": ("Không", "No", "Non")}

# Extra spellings seen in spreadsheets, beside the key and the three labels.
ALIASES = {
    "van_hoa_xa_hoi": ("văn hóa xã hội", "vh-xh", "vhxh", "culture"),
    "quoc_phong_an_ninh": ("qp-an", "qpan", "an ninh", "defence"),
    "xay_dung_he_thong_chinh_tri": ("xdhtct", "hệ thống chính trị", "political system"),
    "kinh_te": ("economic",),
    "unclassified": ("khác", "không phân loại"),
    "khoi_dan_van": ("khối dân vận", "kdv"),
    "mttq": ("mặt trận", "ủy ban mặt trận tổ quốc", "ubmttq", "mttq xã"),
    "hoi_lhpn": ("hội phụ nữ", "phụ nữ", "hội liên hiệp phụ nữ"),
    "doan_thanh_nien": ("đoàn tncs", "đoàn thanh niên xã", "thanh niên"),
    "hoi_ccb": ("cựu chiến binh", "ccb"),
    "dang_uy": ("đảng ủy", "chi bộ", "đảng ủy xã"),
    "cong_an": ("công an",),
    "ubnd": ("ủy ban nhân dân", "ubnd xã"),
    "xa": ("cấp xã", "phường", "thị trấn"),
    "huyen": ("cấp huyện", "thị xã", "thành phố"),
    "tinh": ("cấp tỉnh",),
    "cong_nhan": ("công nhận", "đã công nhận"),
    "duy_tri": ("duy trì", "tiếp tục"),
    "dung": ("dừng", "ngừng", "ngừng hoạt động"),
    "dang_ky": ("đăng ký", "đã đăng ký"),
    "district": ("huyện", "cấp huyện", "huyện, thị xã, thành phố"),
    "commune": ("xã", "phường", "cấp xã", "xã, phường", "xã phường", "2025b"),
    "agency": ("cơ quan", "cơ quan tỉnh", "sở, ban, ngành"),
    "year": ("hằng năm", "hàng năm", "năm", "yearly", "annual"),
    "period": ("giai đoạn", "cả kỳ"),
}


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return names.ascii_key(text).replace(" ", "")


def lookup(vocabulary: dict[str, tuple[str, ...]], text: str) -> str | None:
    """The key whose key, label or alias `text` spells (case, accents, dashes folded), else None."""
    index = _SPELLINGS.get(id(vocabulary))
    if index is None:  # folded spelling -> key, the first key listed winning
        index = _SPELLINGS[id(vocabulary)] = {}
        for value_key, labels in reversed(vocabulary.items()):
            for spelling in (value_key, *labels, *ALIASES.get(value_key, ())):
                index[_fold(spelling)] = value_key
    return index.get(_fold(text))


def label(vocabulary: Mapping[str, tuple[str, ...]], value_key: str, lang: str) -> str:
    """The label of `value_key` in `lang` (vi, en or fr)."""
    return vocabulary[value_key][("vi", "en", "fr").index(lang)]
