using D8.HumanRequests;

namespace D8.Telegram.Tests.Support;

public static class Requests
{
    public static NewHumanRequest Domain(string title = "Comprar dominio nichoejemplo.com", decimal? cost = 12.99m, int priority = 8) => new()
    {
        Type = HumanRequestType.Payment,
        Title = title,
        Description = "Dominio para el nicho de jardinería; Namecheap lo tiene en oferta.",
        EstimatedCost = cost,
        Priority = priority,
        CreatedBy = "NicheDiscovery",
    };
}
