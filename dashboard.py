"""Entry point: `streamlit run dashboard.py`. Navigation over the pages in `pages/`."""


from ui import context, messages, site, state

context.setup()
page = site.navigation(messages.language())
state.CONTEXT.set(context.build())
try:
    page.run()
finally:  # a page run without this entry point first must not find a stale context
    state.CONTEXT.pop()
