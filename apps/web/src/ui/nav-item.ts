/** A place the top bar leads to: a link on a wide screen, an item of the ☰ menu on a phone or when the links do not fit. */
export interface NavItem {
  /** The element's id after `nav-` (a link) or `menu-` (the menu's item). */
  id: string;
  to: string;
  label: string;
}
