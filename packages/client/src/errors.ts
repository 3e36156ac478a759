import type { ErrorCode } from "@faultline/contracts";
/** Error codes of @faultline/client; docs/client.md lists them. */
export const ClientErrorCodes = {
  /** The client config (strategy, endpoints or options) is invalid. */
  CONFIG_INVALID: "FAULTLINE_CLIENT_CONFIG_INVALID",
  /** The strategy name is not a known preset. */
  STRATEGY_UNKNOWN: "FAULTLINE_CLIENT_STRATEGY_UNKNOWN",
  /** The gateway config file could not be read or parsed. */
  GATEWAY_CONFIG_UNREADABLE: "FAULTLINE_CLIENT_GATEWAY_CONFIG_UNREADABLE",
  /** The conversation store file cannot be opened. */
  CONVERSATION_STORE_UNUSABLE: "FAULTLINE_CLIENT_CONVERSATION_STORE_UNUSABLE",
} as const satisfies Record<string, ErrorCode>;
