"""The columns of the import template, for models, replications and target rules: each field's
key, its Vietnamese and English headers, how its cells are read, and the labels people read."""

from __future__ import annotations

from dataclasses import dataclass

from geo.records import vocab

INT_MAX = 2**31 - 1  # INTEGER on PostgreSQL
BIGINT_MAX = 2**63 - 1
FLOAT_MAX = 1e15
ID_MAX = 64


ERA_HELP = ("Không bắt buộc: 2019 | 2020 | 2025a | 2025b. Để trống thì suy từ năm; năm 2025 cần "
            "ghi rõ 2025a (trước 1-7-2025) hay 2025b (từ 1-7-2025).")


@dataclass(frozen=True)
class Field:
    key: str
    vi: str
    en: str
    parse: str = "text"  # text | block | int | bigint | float | year | bool | code | era | vocab
    required: bool = False
    help_vi: str = ""


MODEL_FIELDS = (
    Field("id", "Mã mô hình", "id", "id",
          help_vi="Nên ghi. Để trống thì hệ thống đặt mã theo tên, địa bàn và năm bắt đầu; khi "
                  "đó sửa một trong ba thông tin này sẽ tạo mô hình mới thay vì cập nhật."),
    Field("name", "Tên mô hình", "name", required=True),
    Field("domain", "Lĩnh vực", "domain", "domain", True,
          "Kinh tế | Văn hóa – xã hội | Quốc phòng – an ninh | Xây dựng hệ thống chính trị | "
          "Chưa phân loại"),
    Field("sub_tag", "Nhóm chủ đề", "sub_tag", help_vi="Ví dụ: nông thôn mới, giảm nghèo."),
    Field("kind", "Tập thể / cá nhân", "collective_or_individual", "kind"),
    Field("unit", "Đơn vị thực hiện", "implementing_unit", "unit", True,
          "Khối dân vận xã, Ủy ban MTTQ, Hội Nông dân...; tên khác được giữ nguyên (Khác)."),
    Field("level", "Cấp", "level", "level", help_vi="Tỉnh | Huyện | Xã (mặc định: Xã nếu có xã)."),
    Field("commune_code", "Mã xã", "commune_code", "code",
          help_vi="Mã 5 số của GSO, theo năm bắt đầu."),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year_started", "Năm bắt đầu", "year_started", "year", True),
    Field("year_recognised", "Năm công nhận", "year_recognised", "year"),
    Field("recognised_by", "Cơ quan công nhận", "recognised_by"),
    Field("agency", "Cơ quan cấp tỉnh xây dựng", "provincial_agency",
          help_vi="Tên cơ quan cấp tỉnh đã xây dựng mô hình (nếu có), để tính chỉ tiêu của cơ quan."),
    Field("typical", "Điển hình", "typical", "bool", help_vi="Có / Không"),
    Field("typical_year", "Năm chọn điển hình", "typical_year", "year"),
    Field("status", "Tình trạng", "status", "status"),
    Field("households", "Số hộ tham gia", "households", "int"),
    Field("members", "Số thành viên", "members", "int"),
    Field("result_text", "Kết quả", "results", "block"),
    Field("result_vnd", "Kết quả: số tiền (đồng)", "result_vnd", "bigint"),
    Field("result_ha", "Kết quả: diện tích (ha)", "result_ha", "float"),
    Field("result_houses", "Kết quả: số nhà", "result_houses", "int"),
    Field("result_road_km", "Kết quả: đường (km)", "result_road_km", "float"),
    Field("result_cases", "Kết quả: số vụ việc", "result_cases", "int"),
    Field("description", "Mô tả", "description", "block"),
    Field("source", "Nguồn", "source", "block"),
)
REPLICATION_FIELDS = (
    Field("model_id", "Mã mô hình", "model_id", "id", required=True),
    Field("commune_code", "Mã xã", "commune_code", "code"),
    Field("commune", "Xã / phường / thị trấn", "commune"),
    Field("district", "Huyện / thị xã / thành phố", "district"),
    Field("era", "Địa giới theo", "boundaries_of", "era", help_vi=ERA_HELP),
    Field("year", "Năm nhân rộng", "year", "year", True),
    Field("note", "Ghi chú", "note", "block"),
)
TARGET_FIELDS = (
    Field("level", "Cấp áp dụng", "applies_to", "target_level", True,
          "Cấp huyện (đến 30-6-2025) | Xã, phường (từ 1-7-2025) | Cơ quan cấp tỉnh"),
    Field("year_from", "Từ năm", "from_year", "target_year", True),
    Field("year_to", "Đến năm", "to_year", "target_year", True),
    Field("cadence", "Tính theo", "counted_over", "cadence", True, "Mỗi năm | Cả giai đoạn"),
    Field("min_new", "Số mô hình mới tối thiểu", "min_new_models", "int"),
    Field("min_typical", "Số mô hình điển hình tối thiểu", "min_typical_models", "int"),
    Field("min_replications", "Số lượt nhân rộng tối thiểu", "min_replications", "int"),
    Field("note", "Căn cứ / ghi chú", "note", "block"),
)
FIELDS = {"models": MODEL_FIELDS, "replications": REPLICATION_FIELDS, "targets": TARGET_FIELDS}
VOCABULARIES = {"domain": vocab.DOMAINS, "kind": vocab.KINDS, "unit": vocab.UNITS,
                "level": vocab.LEVELS, "status": vocab.STATUSES,
                "target_level": vocab.TARGET_LEVELS, "cadence": vocab.CADENCES}
LAST_TARGET_YEAR = 2100
TRUE_WORDS = {"co", "x", "yes", "true", "1", "dien hinh", "oui", "y"}
FALSE_WORDS = {"khong", "no", "false", "0", "non", "n", ""}


NUMBER_LIMITS = {"int": INT_MAX, "bigint": BIGINT_MAX, "float": FLOAT_MAX}


def field_label(kind: str, key: str, lang: str) -> str:
    """A field as the template heads it: Vietnamese headers for vi, English ones otherwise."""
    spec = next((s for s in FIELDS[kind] if s.key == key), None)
    if spec is None:
        return key
    return spec.vi if lang == "vi" else spec.en


def value_label(kind: str, key: str, value: object, lang: str) -> str:
    """A stored value as a person reads it: vocabulary labels, Có/Không, nothing for empty."""
    spec = next((s for s in FIELDS[kind] if s.key == key), None)
    if value is None:
        return ""
    if spec is not None and spec.parse in VOCABULARIES:
        return vocab.label(VOCABULARIES[spec.parse], value, lang)
    if isinstance(value, bool):
        return vocab.label(vocab.YES_NO, "yes" if value else "no", lang)
    return str(value)
