using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Source-generated validation of the data annotations on <see cref="D8DashboardOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class D8DashboardOptionsValidator : IValidateOptions<D8DashboardOptions>;
