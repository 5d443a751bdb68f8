"use client";
/**
 * The fleet on a map. Leaflet loads in the browser only; markers are circle
 * markers (no image assets). Without a tile URL (or with tiles unreachable)
 * the markers still show, on a plain background.
 */
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "@/lib/trpc";

/** A fleet board row that has a position, with the marker's colour and a line of state. */
export type MapInstrument = Pick<RouterOutputs["fleet"]["board"]["rows"][number], "serial" | "name"> & {
  latitude: number;
  longitude: number;
  /** ok | warn | bad | unknown */
  tone: "ok" | "warn" | "bad" | "unknown";
  detail: string;
};

const COLORS = { ok: "#10b981", warn: "#f59e0b", bad: "#e11d48", unknown: "#94a3b8" } as const;

export function FleetMap({
  instruments,
  tileUrl,
  attribution,
  orgSlug,
}: {
  instruments: MapInstrument[];
  tileUrl: string;
  attribution: string;
  orgSlug: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    let cleanup = () => {};
    void import("leaflet").then((L) => {
      if (cancelled || !el.current) return;
      const map = L.map(el.current, {
        zoomControl: true,
        attributionControl: Boolean(tileUrl),
        scrollWheelZoom: false,
      });
      if (tileUrl) L.tileLayer(tileUrl, { attribution, maxZoom: 19 }).addTo(map);
      const group = L.featureGroup();
      for (const i of instruments) {
        const marker = L.circleMarker([i.latitude, i.longitude], {
          radius: 8,
          color: "#ffffff",
          weight: 2,
          fillColor: COLORS[i.tone],
          fillOpacity: 0.95,
        });
        const link = document.createElement("a");
        link.href = `/${orgSlug}/instruments/${encodeURIComponent(i.serial)}`;
        link.textContent = i.name;
        link.style.fontWeight = "600";
        const box = document.createElement("div");
        const line = document.createElement("div");
        line.textContent = `${i.serial} · ${i.detail}`;
        box.append(link, line);
        marker.bindPopup(box);
        // Leaflet puts a string tooltip into the page as HTML (CVE-2025-69993, not fixed
        // upstream); names come from users and MyCirrus, so give it a text node instead.
        const label = document.createElement("span");
        label.textContent = i.name;
        marker.bindTooltip(label, { direction: "top", offset: [0, -8] });
        group.addLayer(marker);
      }
      group.addTo(map);
      if (instruments.length > 0) map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 14 });
      else map.setView([54, -2], 5);
      cleanup = () => map.remove();
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [instruments, tileUrl, attribution, orgSlug]);

  return (
    <div className="relative">
      <div
        ref={el}
        className="z-0 h-72 w-full rounded-b-xl !bg-slate-100 lg:h-80 dark:!bg-slate-800/60"
        aria-label={`Map of ${instruments.length} instruments`}
        role="region"
      />
      {!tileUrl && (
        <p className="pointer-events-none absolute right-3 bottom-2 z-[500] rounded bg-white/80 px-2 py-0.5 text-[11px] text-slate-500 dark:bg-slate-900/80 dark:text-slate-400">
          No map tiles configured (MAP_TILE_URL): positions only
        </p>
      )}
    </div>
  );
}
