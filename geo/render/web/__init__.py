"""The web map and its page: Leaflet layers, thematic maps, their text alternatives, the
assets the app serves, the offline file and the audience snapshot, the pages' charts."""
