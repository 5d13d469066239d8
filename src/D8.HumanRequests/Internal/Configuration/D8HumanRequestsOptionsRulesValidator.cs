using Microsoft.Extensions.Options;

namespace D8.HumanRequests.Internal;

/// <summary>Rules across fields of <see cref="D8HumanRequestsOptions"/> that annotations cannot express.</summary>
internal sealed class D8HumanRequestsOptionsRulesValidator : IValidateOptions<D8HumanRequestsOptions>
{
    public ValidateOptionsResult Validate(string? name, D8HumanRequestsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("D8:HumanRequests:DataDirectory is empty: set it (d8-master also reads D8_DATA_DIR and --data-dir).");
        }

        if (options.NotificationRetryMaxDelay < options.NotificationRetryInitialDelay)
        {
            failures.Add("D8:HumanRequests:NotificationRetryMaxDelay must not be shorter than D8:HumanRequests:NotificationRetryInitialDelay.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.AutoApprovalRules.Count; i++)
        {
            var rule = options.AutoApprovalRules[i];
            var where = $"D8:HumanRequests:AutoApprovalRules:{i}";
            if (rule is null)
            {
                failures.Add($"{where} is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                failures.Add($"{where}:Name is required.");
            }
            else if (!names.Add(rule.Name))
            {
                failures.Add($"{where}:Name '{rule.Name}' is used by another rule; rule names must be unique.");
            }

            if (!rule.HasCriteria)
            {
                failures.Add($"{where} ('{rule.Name}') has no criterion (Type, MaxCost, MaxPriority, CreatedBy): it would approve everything.");
            }

            if (rule.MaxCost < 0)
            {
                failures.Add($"{where}:MaxCost must be 0 or more.");
            }

            if (rule.MaxPriority is < 1 or > 10)
            {
                failures.Add($"{where}:MaxPriority must be between 1 and 10.");
            }

            if (rule.Type is { } type && !Enum.IsDefined(type))
            {
                failures.Add($"{where}:Type is not a known request type.");
            }
        }

        ValidateBudgets(options.Budgets, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBudgets(HumanRequestBudgetOptions budgets, List<string> failures)
    {
        const string Where = "D8:HumanRequests:Budgets";
        if (budgets.Monthly < 0)
        {
            failures.Add($"{Where}:Monthly must be 0 or more.");
        }

        foreach (var (type, limit) in budgets.ByType)
        {
            if (!Enum.IsDefined(type))
            {
                failures.Add($"{Where}:ByType has an unknown request type '{type}'.");
            }
            else if (limit < 0)
            {
                failures.Add($"{Where}:ByType:{type.ToWireName()} must be 0 or more.");
            }
            else if (budgets.Monthly is { } monthly && limit > monthly)
            {
                failures.Add($"{Where}:ByType:{type.ToWireName()} ({limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}) is more than the overall {Where}:Monthly ({monthly.ToString(System.Globalization.CultureInfo.InvariantCulture)}); it could never be reached.");
            }
        }
    }
}
