import { CHANNEL } from "./config";

// The sign-in window ends here: the hub's answer (code and state, or an error) goes to the explorer
// page on the same origin, the code leaves the address bar, and the window closes.
const params = new URLSearchParams(location.search);
history.replaceState(null, "", location.pathname);
const message = Object.fromEntries(["code", "state", "iss", "error", "error_description"].flatMap((k) => (params.has(k) ? [[k, params.get(k)!]] : [])));
const channel = new BroadcastChannel(CHANNEL);
channel.postMessage(params.size ? message : { signedOut: true });
channel.close();
const note = document.getElementById("note");
if (note) note.textContent = "已返回调试页面，可以关闭此窗口。You can close this window.";
window.close();
