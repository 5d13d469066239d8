using System.Text.Json.Serialization.Metadata;
using D8.Distributed.Contracts;
using Microsoft.AspNetCore.Http;

namespace D8.Dashboard.Internal;

/// <summary>The answers of the master API: JSON through the source-generated context, errors as <c>{"error": "..."}</c>.</summary>
internal static class ApiResults
{
    public const string UnauthorizedMessage = "Unauthorized";

    public static IResult Json<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, typeInfo, statusCode: statusCode);

    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorResponse(message), D8MasterApiJsonContext.Default.ErrorResponse, statusCode: statusCode);
}
