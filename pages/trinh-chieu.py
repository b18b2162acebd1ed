"""Trình chiếu: one slide at a time for a projector; the deck and the filters come from the link."""

import streamlit as st

from geo.analysis import filters
from geo.render import deck, i18n
from geo.render.plaintext import escape_markdown
from ui import audience, context, loaders, messages, presenting, state

ctx = context.current()
lang = ctx.lang
seconds = presenting.seconds_per_slide(state.SECONDS.get())
presenting.chrome_off(seconds or presenting.SECONDS_PER_SLIDE)
ds = loaders.dataset(ctx)
slides, problems = loaders.deck_of(ctx, state.DECK.get(""))
if seconds is None:
    problems = [filters.shown(state.SECONDS.name, state.SECONDS.get()), *problems]
if problems:
    messages.say(st.warning, "present.bad_deck", lang, items=" | ".join(problems))
if not slides:
    st.info(i18n.t("present.empty_deck", lang))
    st.stop()
if not state.DECK_INDEX.is_set():  # a shared link may open at a given slide
    asked = filters.whole_number(state.SLIDE.get("1"), 1, len(slides))
    if asked is None:
        messages.say(st.warning, "filter.bad_url", lang,
                     items=filters.shown(state.SLIDE.name, state.SLIDE.get()))
    state.DECK_INDEX.set(asked - 1 if asked else 0)
index = min(max(state.DECK_INDEX.get(), 0), len(slides) - 1)
slide = slides[index]

head, previous, position, following = st.columns([14, 1, 2, 1], vertical_alignment="center")
head.markdown("# " + escape_markdown(deck.slide_title(slide, ds)))
if previous.button("◀", key="deck_prev", help=i18n.t("present.previous", lang),
                   disabled=index == 0):
    state.DECK_INDEX.set(index - 1)
    st.rerun()
position.caption(i18n.t("present.slide", lang, n=index + 1, total=len(slides)))
if following.button("▶", key="deck_next", help=i18n.t("present.next", lang),
                    disabled=index == len(slides) - 1):
    state.DECK_INDEX.set(index + 1)
    st.rerun()
state.SLIDE.set(index + 1)
context.banner(ctx)
if slide.view == "typical":
    presenting.typical_slide(ctx, ds, slide)
elif index == 0 and audience.shared():  # the audience scans the first slide's code
    shown, code = st.columns([4, 1])
    with shown:
        presenting.slide_map(ctx, ds, slide, key=f"slide_map_{slide.view}_{index}")
    with code:
        audience.first_slide_code(lang)
else:
    presenting.slide_map(ctx, ds, slide, key=f"slide_map_{slide.view}_{index}")
st.caption(i18n.t("present.keys", lang))
audience.publish_button(ctx, slide.view, slide.filters, key="audience_present")
