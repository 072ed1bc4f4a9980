using QRCoder;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>A grant token as a QR code, a PNG data URI (the content security policy allows <c>img-src data:</c>).</summary>
internal static class GrantQrCode
{
    public static string DataUri(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(token, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(4);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
