/* Plotly.js 'vi' locale (from the plotly.js-locales package, MIT). Registered when plotly.js loads. */
(function () {


var locale = {
    moduleType: 'locale',
    name: 'vi',
    dictionary: {},
    format: {
        days: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
        shortDays: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
        months: [
            'Tháng Một',
            'Tháng Hai',
            'Tháng Ba',
            'Tháng Tư',
            'Tháng Năm',
            'Tháng Sáu',
            'Tháng Bảy',
            'Tháng Tám',
            'Tháng Chín',
            'Tháng Mười',
            'Tháng Mười Một',
            'Tháng Mười Hai'
        ],
        shortMonths: [
            'Tháng 1', 'Tháng 2', 'Tháng 3', 'Tháng 4', 'Tháng 5', 'Tháng 6',
            'Tháng 7', 'Tháng 8', 'Tháng 9', 'Tháng 10', 'Tháng 11', 'Tháng 12'
        ],
        date: '%d/%m/%Y'
    }
};
if (typeof window.Plotly === "undefined") { window.PlotlyLocales = window.PlotlyLocales || []; window.PlotlyLocales.push(locale); } else { window.Plotly.register(locale); }
})();
