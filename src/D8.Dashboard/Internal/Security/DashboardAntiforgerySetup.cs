using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Names the anti-forgery form field the dashboard's forms carry.</summary>
internal sealed class DashboardAntiforgerySetup : IConfigureOptions<AntiforgeryOptions>
{
    public void Configure(AntiforgeryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FormFieldName = "__RequestVerificationToken";
    }
}
