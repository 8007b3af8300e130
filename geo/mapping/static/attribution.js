// geo map part: Credit lines, as text, in Leaflet's attribution control.
(function (parts) {
    parts.attribution = function (map, geo, options) {
        var lines = options.lines;
        map.attributionControl.setPrefix(false);
        lines.forEach(function (line) {
            var span = document.createElement("span");
            span.textContent = line;
            map.attributionControl.addAttribution(span.innerHTML);
        });
    };
})(window.geoParts = window.geoParts || {});
