namespace D8.Dashboard.Internal;

/// <summary>The wire names (<c>requests.json</c>) of the fields <see cref="D8.HumanRequests.HumanRequestValidationException"/> names.</summary>
internal static class RequestFields
{
    public static string WireName(string field) => field switch
    {
        "Type" => "request_type",
        "Title" => "title",
        "Description" => "description",
        "EstimatedCost" => "estimated_cost",
        "Priority" => "priority",
        "CreatedBy" => "created_by",
        "Note" => "note",
        "Options" => "options",
        "ExpiresAt" => "expires_at",
        _ => field,
    };
}
