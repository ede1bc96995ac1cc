/**
 * The LINK messages this connector sends and reads, as Cainiao documents
 * them (field names as in the TMS_WAYBILL_GET / TMS_WAYBILL_DISCARD API
 * pages and the logistics track push). Only the fields orderflow fills or
 * reads are listed.
 */

export interface LinkAddress {
  province: string;
  city: string;
  district: string;
  town?: string;
  detail: string;
}

export interface LinkContact {
  name: string;
  mobile: string;
  phone?: string;
  address: LinkAddress;
}

/** TMS_WAYBILL_GET: one trade order (up to 10 per call; orderflow sends one). */
export interface WaybillGetOrder {
  /** Echoed back to match the answer to the request; at most 32 characters. */
  objectId: string;
  orderInfo: { orderChannelsType: string; tradeOrderList: string[] };
  /** `id` tells packages of one trade order apart: the same order and package id get the same waybill again. */
  packageInfo: { id: string; items: { name: string; count: number }[]; weight?: number; volume?: number };
  recipient: LinkContact;
  templateUrl: string;
  userId?: string;
}

export interface WaybillGetRequest {
  cpCode: string;
  sender: LinkContact;
  tradeOrderInfoDtos: WaybillGetOrder[];
  needEncrypt?: boolean;
}

export interface WaybillCloudPrintResponse {
  objectId: string;
  waybillCode: string;
  /** JSON text for Cainiao's print component (encrypted data, signature, template URL). */
  printData: string;
  parentWaybillCode?: string;
}

export interface WaybillGetAnswer {
  success?: unknown;
  waybillCloudPrintResponseList?: WaybillCloudPrintResponse[];
}

export interface WaybillDiscardRequest {
  cpCode: string;
  waybillCode: string;
}

/** A track push (msg_type of the subscription), one event of one waybill. */
export interface TrackPush {
  mailNo: string;
  cpCode: string;
  logisticsStatus: string;
  logisticsDesc?: string;
  /** "yyyy-MM-dd HH:mm:ss", China time. */
  time: string;
  city?: string;
}
