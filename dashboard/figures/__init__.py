"""Figures: analytics frames in, Plotly figures and display tables out."""
