/* Draw each chart when it comes near the screen (dashboard/ui/charts.py registers one clientside callback a chart).
 *
 * A page's callback sends every chart's figure at once; drawing them all kept a phone's main thread busy for
 * seconds before the chart in view appeared. A chart on or within NEAR_PX of the screen is drawn at once; the
 * others keep their latest figure here and are drawn when scrolled near (an IntersectionObserver), through
 * dash_clientside.set_props, so Dash knows the figure as if the callback had returned it.
 */
(function () {
  var NEAR_PX = 300;
  var pending = {};   // graph id → the latest figure not drawn yet
  var watched = {};   // graph id → the element observed for it
  var observer = null;

  function near(el) {
    var box = el.getBoundingClientRect();
    var height = window.innerHeight || document.documentElement.clientHeight;
    return box.top < height + NEAR_PX && box.bottom > -NEAR_PX;
  }

  function draw(id) {
    var figure = pending[id];
    delete pending[id];
    if (observer && watched[id]) { observer.unobserve(watched[id]); }
    delete watched[id];
    if (figure) { window.dash_clientside.set_props(id, {figure: figure}); }
  }

  function watch(el, id) {
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { draw(entry.target.id); }
        });
      }, {rootMargin: NEAR_PX + 'px 0px'});
    }
    if (watched[id] === el) { return; }
    if (watched[id]) { observer.unobserve(watched[id]); }
    watched[id] = el;
    observer.observe(el);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dashboardCharts: {
      show: function (figure, id) {
        if (!figure) { return window.dash_clientside.no_update; }
        var el = document.getElementById(id);
        if (!el || !('IntersectionObserver' in window) || near(el)) {
          delete pending[id];
          return figure;
        }
        pending[id] = figure;
        watch(el, id);
        return window.dash_clientside.no_update;
      }
    }
  });
})();
