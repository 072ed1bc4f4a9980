using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>zh-CN first, English beside it in <c>&lt;span lang="en"&gt;</c>: the pages' one way of writing a label.</summary>
internal static class Bilingual
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IHtmlContent Bi(string zhCn, string en) =>
        new HtmlString(Encoder.Encode(zhCn) + " <span lang=\"en\">" + Encoder.Encode(en) + "</span>");

    public static IHtmlContent Bi(LocalizedText text) => Bi(text.ZhCn, text.En);

    /// <summary>A rendered text's lines (an SDK renderer's output), without empty ones.</summary>
    public static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0);
}
