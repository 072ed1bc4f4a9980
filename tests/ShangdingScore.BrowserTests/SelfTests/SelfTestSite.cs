using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using ShangdingScore.BrowserTests.Infrastructure;

namespace ShangdingScore.BrowserTests.SelfTests;

/// <summary>
/// The pages the infrastructure is proven on: a well-formed bilingual page, a page with known accessibility faults,
/// two phone layouts, and a form protected by ASP.NET Core antiforgery (the way the credit center's forms will be).
/// </summary>
public sealed class SelfTestSite : IAsyncLifetime
{
    private TestWebHost? _host;

    /// <summary>The running host.</summary>
    public TestWebHost Host => _host ?? throw new InvalidOperationException("The site is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _host = await TestWebHost.StartAsync(Map, s => s.AddAntiforgery()).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app)
    {
        app.UseAntiforgery();
        app.MapGet("/good", () => Html(Page("我的商鼎分", "My Shangding score", """
            <p>信用等级：<strong>信用优秀</strong> <span lang="en">(grade: Outstanding)</span></p>
            <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='48' height='48'%3E%3Ccircle cx='24' cy='24' r='20' fill='%23175e2f'/%3E%3C/svg%3E" alt="信用优秀徽章 / Outstanding badge" width="48" height="48">
            <form method="get" action="/good">
              <label for="subject">身份证号 <span lang="en">ID number</span></label>
              <input id="subject" name="subject" type="text" autocomplete="off">
              <button type="submit">查询 <span lang="en">Look up</span></button>
            </form>
            """)));
        app.MapGet("/faulty", () => Html(Page("有缺陷的页面", "A faulty page", """
            <input type="text" name="q">
            <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/%3E" width="8" height="8">
            <p style="color:#bbbbbb;background:#ffffff">浅灰色的文字 <span lang="en">pale grey text</span></p>
            """)));
        app.MapGet("/phone-fits", () => Html(Page("手机页面", "Phone page", """
            <p style="max-width:100%;overflow-wrap:anywhere">一段很长的文字会换行，不会撑宽页面。<span lang="en">A long line wraps instead of widening the page.</span></p>
            """)));
        app.MapGet("/phone-too-wide", () => Html(Page("过宽的页面", "Too wide a page", """
            <table id="ledger" class="wide" style="width:800px"><caption>明细 <span lang="en">Details</span></caption><tr><th scope="col">项目 <span lang="en">Item</span></th></tr></table>
            """)));
        app.MapGet("/form", (HttpContext context, IAntiforgery antiforgery) => Html(FormPage(antiforgery.GetAndStoreTokens(context), withToken: true)));
        app.MapGet("/form-without-token", (HttpContext context, IAntiforgery antiforgery) => Html(FormPage(antiforgery.GetAndStoreTokens(context), withToken: false)));
        app.MapPost("/form", ([FromForm] string name) => Html(Page("已提交", "Submitted", $"<p id=\"received\">已收到：{WebUtility.HtmlEncode(name)}</p>")));
    }

    private static string FormPage(AntiforgeryTokenSet tokens, bool withToken)
    {
        var hidden = withToken ? $"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">" : string.Empty;
        return Page("提交表单", "Submit a form", $"""
            <form method="post" action="/form">
              {hidden}
              <label for="name">姓名 <span lang="en">Name</span></label>
              <input id="name" name="name" type="text">
              <button type="submit">提交 <span lang="en">Submit</span></button>
            </form>
            """);
    }

    /// <summary>A page as the credit center will write them: zh-CN first, English beside it with lang="en", landmarks, one h1.</summary>
    private static string Page(string titleZh, string titleEn, string body) => $"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{titleZh} · {titleEn}</title>
        </head>
        <body style="margin:0;padding:1rem;font-family:sans-serif;color:#1a1a1a;background:#ffffff">
          <header><p>商鼎分 <span lang="en">Shangding score</span></p></header>
          <main>
            <h1>{titleZh} <span lang="en">{titleEn}</span></h1>
            {body}
          </main>
          <footer><p>郑州市信用中心 <span lang="en">Zhengzhou credit center</span></p></footer>
        </body>
        </html>
        """;

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");
}
