"""Render: what people see: texts in three languages, Leaflet maps, print figures, slides,
offline HTML, the presentation deck and the exports with their command line."""
