using Microsoft.Extensions.Options;

namespace D8.HumanRequests.Internal;

/// <summary>Source-generated validation of the data annotations on <see cref="D8HumanRequestsOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class D8HumanRequestsOptionsValidator : IValidateOptions<D8HumanRequestsOptions>;
