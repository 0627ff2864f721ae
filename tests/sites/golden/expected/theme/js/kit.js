// Copy buttons in the share kit: copy the exact text of the element named in data-copy and say so.
const status = document.getElementById("copy-status");
for (const button of document.querySelectorAll("button.copy")) {
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Kopierat.";
    } catch {
      // Without clipboard permission: select the text so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(button.dataset.copy));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = "Texten är markerad: tryck Ctrl+C (Cmd+C på Mac) för att kopiera.";
    }
  });
}
