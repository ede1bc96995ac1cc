/** The current page, from the address's hash, kept up to date as it changes. */
import { useEffect, useState } from "react";
import { parseHash, type Route } from "./routes";

export function useHashRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return parseHash(hash);
}

export function navigate(hash: string): void {
  window.location.hash = hash;
}
