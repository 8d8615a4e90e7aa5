using System.Net;
using System.Text;

namespace MLNetConcepts.Reporting;

/// <summary>
/// The report page as it is assembled: sections, figure grids, tables; every text is HTML-encoded here. Counts the
/// figures and tables it holds.
/// </summary>
internal sealed class ReportPage
{
    private readonly StringBuilder _body = new();

    /// <summary>Figures (charts and word clouds) added so far.</summary>
    public int Figures { get; private set; }

    /// <summary>Tables added so far.</summary>
    public int Tables { get; private set; }

    /// <summary>A heading of the given level.</summary>
    public void Heading(int level, string text) => _body.Append($"<h{level}>{E(text)}</h{level}>\n");

    /// <summary>A paragraph of text.</summary>
    public void Paragraph(string text) => _body.Append($"<p>{E(text)}</p>\n");

    /// <summary>A greyed remark.</summary>
    public void Note(string text) => _body.Append($"<p class=\"note\">{E(text)}</p>\n");

    /// <summary>A bold opening sentence.</summary>
    public void Lead(string text) => _body.Append($"<p class=\"lead\">{E(text)}</p>\n");

    /// <summary>Opens a wrapping grid of figures.</summary>
    public void BeginGrid() => _body.Append("<div class=\"grid\">\n");

    /// <summary>Closes the grid.</summary>
    public void EndGrid() => _body.Append("</div>\n");

    /// <summary>Opens a labelled row of figures.</summary>
    public void BeginRow(string label) => _body.Append($"<div class=\"row\"><div class=\"rowlabel\">{E(label)}</div>\n");

    /// <summary>Closes the row.</summary>
    public void EndRow() => _body.Append("</div>\n");

    /// <summary>Opens a pair of figures that stay side by side.</summary>
    public void BeginPair() => _body.Append("<div class=\"pair\">\n");

    /// <summary>Closes the pair.</summary>
    public void EndPair() => _body.Append("</div>\n");

    /// <summary>A sentence ending in a link.</summary>
    public void Link(string text, string href, string linkText) =>
        _body.Append($"<p>{E(text)}<a href=\"{E(href)}\">{E(linkText)}</a>.</p>\n");

    /// <summary>A PNG figure, inline as a data URI, with <paramref name="alt"/> as its alternative text and caption.</summary>
    public void Figure(byte[] png, string alt)
    {
        Figures++;
        _body.Append($"<figure><img alt=\"{E(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(alt)}</figcaption></figure>\n");
    }

    /// <summary>A word cloud: a figure with its caption.</summary>
    public void Cloud(byte[] png, string caption) => Figure(png, caption);

    /// <summary>A line of coloured language names.</summary>
    public void Legend(IEnumerable<(string Language, string Color)> colors) =>
        _body.Append("<p class=\"legend\">" + string.Join(" ", colors.Select(c => $"<span style=\"color:{c.Color}\">■ {E(c.Language)}</span>")) + "</p>\n");

    /// <summary>A collapsible table (open when <paramref name="open"/>), with <paramref name="caption"/> as its summary.</summary>
    public void Table(string caption, string[] header, IEnumerable<string[]> rows, bool open = false)
    {
        Tables++;
        _body.Append($"<details{(open ? " open" : "")}><summary>{E(caption)} (table)</summary><table><thead><tr>");
        foreach (string h in header) _body.Append($"<th>{E(h)}</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (string[] row in rows)
        {
            _body.Append("<tr>");
            foreach (string cell in row) _body.Append($"<td>{E(cell)}</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table></details>\n");
    }

    /// <summary>The whole page: the body between the fixed head (style) and the script that counts decoded figures.</summary>
    public string Render() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>MLNetConcepts report</title>
        <style>
        body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
        .grid { display: flex; flex-wrap: wrap; gap: 8px; }
        .row { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; margin-bottom: 10px; }
        .pair { display: flex; flex-wrap: nowrap; gap: 4px; max-width: 100%; border-left: 3px solid #ddd; padding-left: 4px; }
        .pair figure { flex: 0 1 auto; min-width: 0; } .pair img { max-width: 100%; height: auto; }
        .rowlabel { width: 70px; font-weight: bold; padding-top: 8px; }
        figure { margin: 0; } figcaption { font-size: 0.8em; color: #555; max-width: 560px; }
        table { border-collapse: collapse; font-size: 0.85em; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
        details { margin: 0.6em 0; } .note { color: #777; } .lead { font-size: 1.15em; font-weight: bold; } .legend span { margin-right: 1em; font-weight: bold; }
        </style></head><body>
        {{_body}}
        <p id="figure-status" class="note"></p>
        <script>
        // Counts the figures the browser decoded, so a headless check (and a reader) can tell that all of them loaded.
        window.addEventListener("load", function () {
          var images = document.images, loaded = 0;
          for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth > 0) loaded++;
          document.body.setAttribute("data-figures", images.length);
          document.body.setAttribute("data-figures-loaded", loaded);
          document.getElementById("figure-status").textContent = loaded + " of " + images.length + " figures loaded.";
        });
        </script>
        </body></html>
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
