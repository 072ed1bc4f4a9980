using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ShangdingScore.CreditCenter;

/// <summary>The center's endpoints, mapped by <see cref="CreditCenterApplicationExtensions.MapShangdingCreditCenter"/>.</summary>
internal static partial class Endpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        MapAccount(app, api);
        MapVenue(api);
        MapCitizen(api);
        MapCenter(api);
    }
}
