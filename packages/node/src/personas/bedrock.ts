import { randomUUID } from "node:crypto";
import { PER_MINUTE, jsonReply, problemOf, sseFrame, type NodeError, type Persona } from "./persona.js";

/** The suffix AWS's REST-JSON services put after the exception name in x-amzn-ErrorType. */
const ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

// Bedrock Runtime exceptions, their statuses and messages (https://docs.aws.amazon.com/bedrock/latest/APIReference/
// API_runtime_InvokeModel.html, "Errors"; troubleshooting-api-error-codes.html).
function exceptionOf(e: NodeError): { name: string; status: number; message: string } {
  switch (problemOf(e)) {
    case "rate_limit":
      return {
        name: "ThrottlingException",
        status: 429,
        message: "Too many requests, please wait before trying again.",
      };
    case "quota":
      return {
        name: "ServiceQuotaExceededException",
        status: 400,
        message: "Your request exceeds the service quota for your account. You can view your quotas at Service Quotas.",
      };
    case "not_ready":
      return {
        name: "ModelNotReadyException",
        status: 429,
        message: "The model specified in the request is not ready to serve inference requests.",
      };
    case "overloaded":
      return {
        name: "ServiceUnavailableException",
        status: 503,
        message: "Bedrock is unable to process your request.",
      };
    case "timeout":
      return { name: "ModelTimeoutException", status: 408, message: "Model has timed out in processing the request." };
    case "server":
      return { name: "InternalServerException", status: 500, message: "The server encountered an internal error." };
    case "context_length":
    case "invalid":
      if (e.status === 403) return { name: "AccessDeniedException", status: 403, message: e.body.error.message };
      if (e.status === 404) return { name: "ResourceNotFoundException", status: 404, message: e.body.error.message };
      return { name: "ValidationException", status: 400, message: e.body.error.message };
  }
}

/**
 * Bedrock in its OpenAI-compatible form: AWS's REST-JSON error (`{"message"}` with the exception's name in
 * x-amzn-ErrorType), no Retry-After (the AWS SDKs back off on their own), and ModelStreamErrorException (424) for a
 * failure in the middle of a stream.
 */
export const bedrockPersona: Persona = {
  name: "bedrock",
  description:
    "Amazon Bedrock's OpenAI-compatible API: `{message}` bodies with x-amzn-ErrorType, ThrottlingException (429), " +
    "ModelNotReadyException (429), ServiceUnavailableException (503), and a 424 ModelStreamErrorException mid-stream.",
  sources: [
    "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html",
    "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ResponseStream.html",
    "https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html",
    "https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html",
  ],
  limits: PER_MINUTE,
  reply: (e) => {
    const x = exceptionOf(e);
    return jsonReply(
      x.status,
      { message: x.message },
      { "x-amzn-ErrorType": `${x.name}${ERROR_TYPE_SUFFIX}`, "x-amzn-RequestId": randomUUID() }
    );
  },
  // After the 200 the status cannot change: the stream carries the exception, with the status it stands for (424).
  streamError: (e) =>
    sseFrame({
      error: {
        message: "An error occurred while streaming the response. Retry your request.",
        type: "ModelStreamErrorException",
        code: 424,
        originalStatusCode: e.status,
        originalMessage: e.body.error.message,
      },
    }),
};
