"""Reading import files as councils save them: CSV or text in any of Excel's encodings, or
XLSX read in a stream with the fill colour of blank cells, each within limits no council's
file meets. store.spreadsheet maps the rows it reads to fields."""
