export { miniShop } from "./connector";
