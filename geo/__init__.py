"""Pure logic of the Dân vận khéo map, by stage, each using only the ones before it:
`boundaries` (the places) ← `records` (the models, stored and imported) ← `analysis` (what the
figures say) ← `render` (texts, maps, prints, slides, exports). `settings`, `errors` and
`timeline` are shared by all. The modules at this level named after a command
(`python -m geo.users`, `geo.present`, `geo.build`, `geo.demo`, `geo.translations`) only start it.
"""
