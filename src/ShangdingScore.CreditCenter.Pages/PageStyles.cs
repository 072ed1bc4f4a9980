using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>The pages' one style sheet, embedded in the library and served with an ETag.</summary>
internal static class PageStyles
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Sheet = new(() =>
    {
        using var stream = typeof(PageStyles).Assembly.GetManifestResourceStream("ShangdingScore.CreditCenter.Pages.pages.css")
            ?? throw new InvalidOperationException("The embedded style sheet ShangdingScore.CreditCenter.Pages.pages.css is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    });

    public static IResult Serve(HttpContext context)
    {
        var (bytes, etag) = Sheet.Value;
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, "text/css; charset=utf-8");
    }
}
