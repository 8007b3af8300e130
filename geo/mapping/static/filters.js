// geo map part: The layer control: kinds, statuses, documents and the overlays other parts add.
(function (parts) {
    parts.filters = function (map, geo, options) {
        var overlays = {}, switches = [], documentSwitches = {};
        function add(label, apply) {
            var layer = L.layerGroup();
            layer.addTo(map);
            overlays[geo.esc(label)] = layer;
            switches.push({layer: layer, apply: apply});
            return layer;
        }
        add(geo.label("places"), function (on) { geo.state.kinds.place = on; });
        add(geo.label("routes"), function (on) { geo.state.kinds.route = on; });
        add(geo.label("regions"), function (on) { geo.state.kinds.region = on; });
        geo.data.statuses.forEach(function (status) {
            add(geo.label(status), function (on) { geo.state.statuses[status] = on; });
        });
        if (geo.data.document_switches) {
            geo.data.documents.forEach(function (d, i) {
                var name = [d.outlet, d.date, d.title || d.doc].filter(Boolean).join(" · ");
                if (name.length > 38) { name = name.slice(0, 37) + "…"; }
                documentSwitches[i] = add("▸ " + name, function (on) { geo.state.docs[i] = on; });
            });
        }
        geo.overlays.forEach(function (o) { overlays[geo.esc(o.label)] = o.layer; });
        function toggled(event) {
            switches.forEach(function (s) {
                if (s.layer === event.layer) { s.apply(event.type === "overlayadd"); geo.changed(); }
            });
        }
        map.on("overlayadd overlayremove", toggled);
        // Shows or hides a document's evidence, keeping its switch in the layer control in step.
        geo.showDocuments = function (visible) {
            geo.data.documents.forEach(function (d, i) {
                var layer = documentSwitches[i], on = visible(i);
                geo.state.docs[i] = on;
                if (layer && on !== map.hasLayer(layer)) {
                    if (on) { map.addLayer(layer); } else { map.removeLayer(layer); }
                }
            });
            geo.changed();
        };
        var collapsed = options.collapsed || map.getSize().x < geo.narrowWidth;
        L.control.layers(null, overlays, {collapsed: collapsed, position: "topright"}).addTo(map);
    };
})(window.geoParts = window.geoParts || {});
