// Draws the dashboard's charts with Apache ECharts (served by the dashboard itself) from the
// figures the server put in the page's #chart-data block. No request leaves the page.
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof echarts === "undefined") return;
  var data = JSON.parse(block.textContent || "{}");
  var red = "#b71c1c", blue = "#1f6fb2", green = "#1b7f3b", amber = "#d98b00";
  var pending = 0;
  function done() { pending -= 1; if (pending === 0) document.body.setAttribute("data-charts", "drawn"); }
  function draw(id, option, empty) {
    var el = document.getElementById(id);
    if (!el) return;
    if (empty) option.graphic = { type: "text", left: "center", top: "middle", style: { text: empty, fill: "#6b7785", fontSize: 14 } };
    pending += 1;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.on("finished", function once() { chart.off("finished", once); el.setAttribute("data-drawn", "true"); done(); });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif" } }, option));
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var pctAxis = { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } };
  var pctTip = function (p) { return p.name + "：" + (p.value === null || p.value === undefined ? "无数据" : p.value + "%"); };
  var rotated = { interval: 0, rotate: 45, fontSize: 11 };

  if (data.speedUp) {
    draw("chart-speedup", {
      title: { text: "各事项提速幅度", subtext: "1 − 用时中位数 ÷ 法定时限；红线：提速 50% 目标", left: 8, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: function (p) { return p.data.label + "：" + (p.value === null ? "无数据" : p.value + "%"); } },
      grid: { left: 48, right: 64, top: 66, bottom: 64 },
      xAxis: { type: "category", data: data.speedUp.map(function (d) { return d.code; }), axisLabel: rotated },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        type: "bar", name: "提速幅度",
        data: data.speedUp.map(function (d) { return { value: d.value, label: d.code + " " + d.name, itemStyle: { color: d.value !== null && d.value >= 50 ? green : blue } }; }),
        markLine: { symbol: "none", silent: true, lineStyle: { color: red, type: "dashed", width: 2 }, label: { formatter: "50%目标", color: red, position: "end" }, data: [{ yAxis: 50 }] },
      }],
    }, data.speedUp.length ? null : "本期暂无办结的事项");
  }
  if (data.onTime) {
    draw("chart-ontime", {
      title: { text: "各联系点按时办结率", left: 8, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: pctTip },
      grid: { left: 48, right: 16, top: 52, bottom: 64 },
      xAxis: { type: "category", data: data.onTime.map(function (d) { return d.name; }), axisLabel: rotated },
      yAxis: pctAxis,
      series: [{ type: "bar", name: "按时办结率", itemStyle: { color: blue }, data: data.onTime.map(function (d) { return d.value; }) }],
    });
  }
  if (data.months) {
    draw("chart-trend", {
      title: { text: "月度走势", left: 8, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { data: ["申请件数", "按时办结率", "满意率"], right: 8, top: 4 },
      grid: { left: 56, right: 48, top: 52, bottom: 32 },
      xAxis: { type: "category", data: data.months.map(function (d) { return d.month; }) },
      yAxis: [{ type: "value", minInterval: 1, axisLabel: { formatter: "{value}件" } }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { type: "bar", name: "申请件数", itemStyle: { color: "#9fb8d3" }, data: data.months.map(function (d) { return d.applications; }) },
        { type: "line", name: "按时办结率", yAxisIndex: 1, itemStyle: { color: blue }, connectNulls: true, data: data.months.map(function (d) { return d.onTime; }) },
        { type: "line", name: "满意率", yAxisIndex: 1, itemStyle: { color: amber }, connectNulls: true, data: data.months.map(function (d) { return d.satisfaction; }) },
      ],
    }, data.months.length ? null : "本期暂无申请");
  }
  if (data.satisfaction) {
    draw("chart-satisfaction", {
      title: { text: "好差评满意率", left: 8, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: function (p) { return pctTip(p) + "（" + p.data.count + " 条评价）"; } },
      grid: { left: 48, right: 16, top: 52, bottom: 64 },
      xAxis: { type: "category", data: data.satisfaction.map(function (d) { return d.name; }), axisLabel: rotated },
      yAxis: pctAxis,
      series: [{ type: "bar", name: "满意率", itemStyle: { color: amber }, data: data.satisfaction.map(function (d) { return { value: d.value, count: d.count }; }) }],
    });
  }
  if (pending === 0) document.body.setAttribute("data-charts", "drawn");
})();
