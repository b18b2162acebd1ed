"""Entry point: `streamlit run dashboard.py`. Navigation over the pages in `pages/`."""

import streamlit as st

from geo import assets, i18n
from ui import shell

st.set_page_config(page_title="Dân vận khéo – Quảng Nam", page_icon="🗺️", layout="wide")
assets.publish_static()
lang = shell.language()
pages = [
    st.Page("pages/overview.py", title=i18n.t("page.overview", lang), url_path="tong-quan",
            default=True),
    st.Page("pages/domains.py", title=i18n.t("page.domains", lang), url_path="linh-vuc"),
    st.Page("pages/replication.py", title=i18n.t("page.replication", lang),
            url_path="nhan-rong"),
    st.Page("pages/data.py", title=i18n.t("page.data", lang), url_path="du-lieu"),
    st.Page("pages/about.py", title=i18n.t("page.about", lang), url_path="gioi-thieu"),
]
# url paths differ from the file names: AppTest would otherwise run pages/*.py as MPA v1 pages
page = st.navigation(pages)
shell.context()
page.run()
