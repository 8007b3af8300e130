// geo map part: a fullscreen toggle under the zoom buttons (leaflet-fullscreen).
(function (parts) {
    parts.fullscreen = function (map) {
        L.control.fullscreen({position: "topleft", title: "Fullscreen / \u0645\u0644\u0621 \u0627\u0644\u0634\u0627\u0634\u0629"}).addTo(map);
    };
})(window.geoParts = window.geoParts || {});
