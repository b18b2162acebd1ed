"""What the illustrative data is made from: the province's published totals (6,540 models
2009–2024 by domain and year, Hội An's 501), the provincial agencies, the words model names are
built of, and the three real typical models of DOMAIN.md."""

DOMAIN_TOTALS = {"kinh_te": 1621, "van_hoa_xa_hoi": 3391, "xay_dung_he_thong_chinh_tri": 564,
                 "quoc_phong_an_ninh": 957, "unclassified": 7}
HOI_AN, HOI_AN_TOTAL, HOI_AN_DISTRICT_LEVEL = "503", 501, 41
YEAR_WEIGHTS = {2009: 45, 2010: 110, 2011: 170, 2012: 220, 2013: 265, 2014: 305, 2015: 345,
                2016: 385, 2017: 420, 2018: 455, 2019: 490, 2020: 790, 2021: 560, 2022: 575,
                2023: 570, 2024: 480}
RECOGNISED_BY = {"xa": "Ban Dân vận huyện", "huyen": "Ban Dân vận Tỉnh ủy",
                 "tinh": "Ban Dân vận Tỉnh ủy"}
LEVEL_SHARES = {"xa": 0.90, "huyen": 0.085, "tinh": 0.015}
TYPICAL_PER_DOMAIN = {"kinh_te": 5, "van_hoa_xa_hoi": 6, "quoc_phong_an_ninh": 4,
                      "xay_dung_he_thong_chinh_tri": 5}

AGENCIES = ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Y tế", "Sở Giáo dục và Đào tạo",
            "Sở Lao động – Thương binh và Xã hội", "Sở Tài nguyên và Môi trường",
            "Sở Văn hóa, Thể thao và Du lịch", "Sở Giao thông vận tải", "Sở Tư pháp",
            "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            "Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn",
            "Hội Cựu chiến binh tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "Liên đoàn Lao động tỉnh",
            "Ban Dân tộc tỉnh"]
NEW_PER_DISTRICT_2025 = [1, 2, 2, 3, 3, 3, 4]  # first half of 2025: most reach 2, a few do not
TYPICAL_SHARE_2025 = 0.8
AGENCIES_BUILDING, AGENCIES_TYPICAL = 11, 8  # of 18, by the end of 2026

# Domain vocabularies: name patterns, implementing units, sub-tags, which result fields apply.
VOCAB = {
    "kinh_te": {
        "names": ["Tổ hợp tác trồng {crop}", "Liên kết sản xuất {crop} theo chuỗi giá trị",
                  "Chuyển đổi cây trồng trên đất {land}", "Hội viên giúp nhau nuôi {animal}",
                  "Phát triển sản phẩm OCOP từ {crop}", "Vườn mẫu {crop} của hội viên",
                  "Tổ vay vốn phát triển chăn nuôi {animal}", "Cánh đồng {crop} liền thửa"],
        "units": ["hoi_nong_dan", "hoi_lhpn", "khoi_dan_van", "mttq", "doan_thanh_nien"],
        "tags": ["nông thôn mới", "giảm nghèo", "chuyển đổi số", ""],
        "results": ["result_ha", "result_vnd", "households"]},
    "van_hoa_xa_hoi": {
        "names": ["Hộ khá giúp hộ khó ở {place}", "Xóa nhà tạm cho hộ nghèo {place}",
                  "Tuyến đường hoa {place}", "Phân loại rác tại nguồn ở {place}",
                  "Bếp ăn tình thương {place}", "Quỹ khuyến học dòng họ {place}",
                  "Hiến đất mở rộng đường giao thông {place}", "Thắp sáng đường quê {place}",
                  "Câu lạc bộ dân ca bài chòi {place}", "Nhà đại đoàn kết cho hộ khó khăn"],
        "units": ["mttq", "hoi_lhpn", "doan_thanh_nien", "hoi_ccb", "truong_hoc", "khoi_dan_van"],
        "tags": ["xóa nhà tạm", "giảm nghèo", "môi trường", "nông thôn mới", "giải phóng mặt bằng", ""],
        "results": ["result_houses", "result_vnd", "result_road_km", "households"]},
    "quoc_phong_an_ninh": {
        "names": ["Tổ tự quản an ninh trật tự {place}", "Camera an ninh khu dân cư {place}",
                  "Tổ liên gia tự quản {place}", "Tổ an ninh xung kích {place}",
                  "Dân quân giúp dân mùa mưa bão", "Khu dân cư an toàn về an ninh trật tự {place}",
                  "Tổ hòa giải ở cơ sở {place}"],
        "units": ["cong_an", "quan_su", "hoi_ccb", "khoi_dan_van", "doan_thanh_nien"],
        "tags": ["vùng đồng bào có đạo", "chuyển đổi số", ""],
        "results": ["result_cases", "members"]},
    "xay_dung_he_thong_chinh_tri": {
        "names": ["Một cửa thân thiện, vì dân phục vụ", "Đảng viên phụ trách hộ {place}",
                  "Chi bộ {place} gần dân, sát dân", "Dân vận chính quyền trong tiếp công dân",
                  "Chuyển đổi số trong giải quyết thủ tục hành chính",
                  "Cán bộ xã gặp dân vào sáng thứ bảy"],
        "units": ["dang_uy", "ubnd", "khoi_dan_van"],
        "tags": ["cải cách hành chính", "chuyển đổi số", ""],
        "results": ["members"]},
    "unclassified": {"names": ["Mô hình dân vận tổng hợp {place}"], "units": ["khoi_dan_van"],
                     "tags": [""], "results": []},
}
CROPS = ["sâm Ngọc Linh", "quế Trà My", "bưởi", "nghệ", "rau hữu cơ", "lúa hữu cơ", "chuối",
         "thanh trà", "dừa", "dưa hấu", "cây keo", "mít"]
ANIMALS = ["bò", "heo đen", "gà thả vườn", "dê", "cá nước ngọt", "ong lấy mật"]
LANDS = ["bỏ hoang", "bạc màu", "lúa kém hiệu quả", "ven sông"]

REAL_MODELS = [
    {"id": "QN-TRA-KA", "name": "Trồng cây dược liệu (nghệ đen) trên đất bỏ hoang, bồi lấp",
     "domain": "kinh_te", "unit": "khoi_dan_van", "level": "xa", "code_2020": "20932",
     "year_started": 2021, "typical_year": 2024, "households": 12, "result_ha": 1.0,
     "result_vnd": 60_000_000, "sub_tag": "giảm nghèo", "year_recognised": 2023,
     "recognised_by": "Ban Dân vận Tỉnh ủy",
     "result_text": "Hơn 1 ha; 3 sản phẩm (bột, tinh bột, viên hoàn mật ong); viên hoàn mật ong "
                    "đạt OCOP 3 sao năm 2023, bán tại Co.opMart; lãi khoảng 60 triệu đồng năm 2023",
     "description": "Khối dân vận xã vận động 12 hộ thôn 2 trồng nghệ đen trên đất bỏ hoang, bồi "
                    "lấp sau lũ; nhiều hộ khác làm theo, dự kiến thành lập hợp tác xã."},
    {"id": "QN-DIEN-PHUOC", "name": "Hộ khá giúp hộ khó", "domain": "van_hoa_xa_hoi",
     "unit": "mttq", "level": "xa", "code_2020": "20572", "year_started": 2024,
     "typical_year": 2024, "members": 17, "result_vnd": 300_000_000, "result_houses": 4,
     "sub_tag": "giảm nghèo", "year_recognised": 2024, "recognised_by": "Ban Dân vận Tỉnh ủy",
     "result_text": "Khoảng 300 triệu đồng; 8 con bò giống; 4 nhà đại đoàn kết xây mới hoặc sửa "
                    "chữa; tiền và ngày công dời hàng rào, mở rộng đường",
     "description": "Ủy ban MTTQ xã vận động 17 thành viên là hộ khá giúp hộ khó khăn, từ đầu năm 2024."},
    {"id": "QN-TAM-THANG", "name": "Tổ tự quản \"5 trong 1\"", "domain": "quoc_phong_an_ninh",
     "unit": "ubnd", "level": "xa", "code_2020": "20362", "year_started": 2022,
     "typical_year": 2024, "members": 169, "result_cases": 37, "year_recognised": 2023,
     "recognised_by": "Ban Dân vận Tỉnh ủy",
     "result_text": "Hơn 300 lượt tuần tra; phát hiện, xử lý 37 vụ trộm cắp, khai thác cát trái "
                    "phép, lò vôi gây ô nhiễm, cờ bạc; giao 73 đối tượng cho công an",
     "description": "UBND xã và Khối dân vận cùng công an xã lập tổ ở thôn Kim Đới năm 2022 với 20 "
                    "thành viên; một năm sau có ở cả 8 thôn với 169 thành viên; phương châm \"3 "
                    "không\": không lương, không phụ cấp, không chế độ."},
]
