export function ProposeProjectPage() {
  return null;
}
