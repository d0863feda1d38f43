"""Any unknown path: say so and offer the way back."""

import dash
from dash import dcc, html

from dashboard.i18n import t
from dashboard.ui.shell import current_lang

dash.register_page(__name__, path="/404")


def layout(**_query):
    lang = current_lang()
    return html.Div([html.H1(t("not_found", lang), className="h4"), dcc.Link(t("back_home", lang), href="/")])
