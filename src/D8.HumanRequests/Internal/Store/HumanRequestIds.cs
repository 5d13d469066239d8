using System.Globalization;

namespace D8.HumanRequests.Internal;

/// <summary>The <c>req-NNNN</c> ids every store hands out.</summary>
internal static class HumanRequestIds
{
    public static string Format(int number) => string.Create(CultureInfo.InvariantCulture, $"req-{number:D4}");
}
