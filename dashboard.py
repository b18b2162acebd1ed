"""Entry point: `streamlit run dashboard.py`. Navigation over the pages in `pages/`."""

import streamlit as st

from geo.render import i18n
from ui import messages, shell

shell.setup()
lang = messages.language()
pages = [
    st.Page("pages/tong-quan.py", title=i18n.t("page.overview", lang), url_path="trang-chu",
            default=True),
    # the default page answers at "/": its own name must answer too (bookmarks, shared links)
    st.Page("pages/tong-quan.py", title=i18n.t("page.overview", lang), url_path="tong-quan",
            visibility="hidden"),
    st.Page("pages/linh-vuc.py", title=i18n.t("page.domains", lang), url_path="linh-vuc"),
    st.Page("pages/nhan-rong.py", title=i18n.t("page.replication", lang),
            url_path="nhan-rong"),
    st.Page("pages/chi-tieu.py", title=i18n.t("page.targets", lang), url_path="chi-tieu"),
    st.Page("pages/trinh-chieu.py", title=i18n.t("present.present", lang),
            url_path="trinh-chieu"),
    st.Page("pages/du-lieu.py", title=i18n.t("page.data", lang), url_path="du-lieu"),
    st.Page("pages/gioi-thieu.py", title=i18n.t("page.about", lang), url_path="gioi-thieu"),
]
# Page files are named as their url paths: a fresh server treats pages/ as an old-style app for
# its first session, which then finds the deep-linked page (no "page not found"); the page builds
# its context itself (shell.current) and the next run comes through here.
page = st.navigation(pages)
st.session_state["dvk_context"] = shell.context()
try:
    page.run()
finally:  # a page run without this entry point first must not find a stale context
    st.session_state.pop("dvk_context", None)
