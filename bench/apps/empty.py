"""The floor of issue 13: an empty Streamlit page (a title and one line)."""

import streamlit as st

st.title("Trang trống")
st.write("Một dòng.")
