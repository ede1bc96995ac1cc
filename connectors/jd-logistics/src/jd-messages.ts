/**
 * The JD Logistics express (ECAP) messages this connector sends and reads,
 * with the field names of JD's API pages. Each request body is a JSON array
 * holding the one request object, as LOP's ECAP APIs take them. Only the
 * fields orderflow fills or reads are listed.
 */

export const PATHS = {
  precheck: "/ecap/v1/orders/precheck",
  create: "/ecap/v1/orders/create",
  cancel: "/ecap/v1/orders/cancel",
  trace: "/ecap/v1/orders/trace/query",
} as const;

/** orderOrigin 1: an express (B2C) order placed by the merchant. */
export const ORDER_ORIGIN = 1;
/** settleType 3: monthly settlement on the customer code. */
export const SETTLE_MONTHLY = 3;

export interface JdContact {
  name: string;
  mobile: string;
  fullAddress: string;
}

export interface JdCargo {
  name: string;
  quantity: number;
  /** Kilograms. */
  weight: number;
  /** Cubic centimetres. */
  volume: number;
}

export interface JdOrderRequest {
  /** The merchant's order id: JD keeps one waybill per customer code and orderId. */
  orderId: string;
  senderContact: JdContact;
  receiverContact: JdContact;
  orderOrigin: number;
  customerCode: string;
  productsReq: { productCode: string };
  settleType: number;
  cargoes: JdCargo[];
  remark?: string;
}

export interface JdPrecheckRequest {
  senderContact: JdContact;
  receiverContact: JdContact;
  orderOrigin: number;
  customerCode: string;
  productsReq: { productCode: string };
  cargoes: JdCargo[];
}

export interface JdPrecheckData {
  /** Estimated freight in yuan. */
  totalFreightPre?: number;
  /** Promised delivery, ms since the epoch. */
  deliveryPromiseTime?: number;
}

export interface JdCreateData {
  waybillCode?: string;
  orderCode?: string;
  deliveryPromiseTime?: number;
}

export interface JdCancelRequest {
  waybillCode: string;
  customerCode: string;
  orderOrigin: number;
  cancelReason: string;
  cancelReasonCode: string;
}

/** resultType 0: cancelled; 1: the parcel is already picked up and is being intercepted; 2: cannot be cancelled. */
export interface JdCancelData {
  resultType?: number;
}

export interface JdTraceRequest {
  waybillCode: string;
  customerCode: string;
  orderOrigin: number;
}

export interface JdTraceDetail {
  waybillCode: string;
  /** "yyyy-MM-dd HH:mm:ss" in China time (ms since the epoch accepted too). */
  operationTime: string | number;
  category?: string;
  operationTitle: string;
  operationRemark?: string;
}

export interface JdTraceData {
  waybillCode?: string;
  traceDetails?: JdTraceDetail[];
}
