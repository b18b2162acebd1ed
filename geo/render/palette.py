"""The colours and marks of every map, print and slide, defined once (Okabe-Ito where a colour
names a category, so that colour-blind readers tell them apart)."""

DOMAIN_COLOURS = {"kinh_te": "#E69F00", "van_hoa_xa_hoi": "#009E73",
                  "quoc_phong_an_ninh": "#0072B2", "xay_dung_he_thong_chinh_tri": "#CC79A7",
                  "unclassified": "#999999"}
MIXED_COLOUR = "#8c8c8c"  # no domain leads
LEADING_COLOURS = {**DOMAIN_COLOURS, "mixed": MIXED_COLOUR}  # a unit by its leading domain
NO_POPULATION = "#ffffff"  # drawn with a dashed outline: models, but no measure to show
ORIGIN_COLOUR = "#6a3d9a"  # where a typical model started
YEAR_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]  # replications, older to newer
STATUS_COLOURS = {"met": "#0072B2", "partly": "#E69F00", "not_met": "#D55E00",
                  "no_target": "#F2F2F2"}
STATUS_SYMBOLS = {"met": "✓", "partly": "◐", "not_met": "✗", "no_target": "–"}
