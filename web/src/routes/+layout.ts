// A static single-page app: Mission Control serves index.html and the API answers the data.
export const ssr = false;
export const prerender = false;
