namespace D8.HumanRequests.Tests.Support;

/// <summary>Sample inputs.</summary>
internal static class Requests
{
    public static NewHumanRequest Domain(decimal? cost = 12.99m, string createdBy = "NicheDiscovery") => new()
    {
        Type = HumanRequestType.Payment,
        Title = "Comprar dominio d8-ai.com",
        Description = "Score 87/100\nRecomendación: Namecheap",
        EstimatedCost = cost,
        Priority = 8,
        CreatedBy = createdBy,
    };

    public static NewHumanRequest Design() => new()
    {
        Type = HumanRequestType.DesignDecision,
        Title = "Elegir diseño para landing page",
        Priority = 6,
        CreatedBy = "Congress",
    };
}
