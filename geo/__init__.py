"""Pure logic of the Dân vận khéo map: boundaries, names, store, aggregation, maps, i18n."""
